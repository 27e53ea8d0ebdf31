-- Tenants and their OAuth clients. A client lives in exactly one environment (test or live);
-- its secret is stored only as a bcrypt hash.
create table organization (
    id          text primary key,
    name        text not null unique,
    created_at  timestamptz not null default now()
);

create table api_client (
    client_id        text primary key,
    organization_id  text not null references organization (id),
    environment      text not null check (environment in ('test', 'live')),
    secret_hash      text not null,
    profile          text not null check (profile in ('strict', 'lenient')),
    status           text not null default 'active' check (status in ('active', 'disabled')),
    label            text,
    created_at       timestamptz not null default now(),
    secret_rotated_at timestamptz
);
create index api_client_organization on api_client (organization_id);

-- Key pairs OpenIRN signs with (access tokens). Kept in the database so every node and every
-- restart signs and verifies with the same key.
create table signing_key (
    id          text primary key,
    purpose     text not null unique,
    jwk         text not null,
    created_at  timestamptz not null default now()
);

-- One row per business document. The natural key is what the IRP hashes into the IRN, so two
-- rows can never be registered for one document.
create table einvoice (
    id                   text primary key,
    organization_id      text not null references organization (id),
    environment          text not null,
    client_id            text not null,
    status               text not null check (status in ('pending', 'queued', 'generated', 'cancelled',
                                                        'failed_retriable', 'failed_terminal', 'not_applicable')),
    supply_type          text not null,
    seller_gstin         text not null,
    buyer_gstin          text,
    document_type        text not null,
    invoice_number       text not null,
    document_number_key  text not null,
    invoice_date         date not null,
    financial_year       text not null,
    total_invoice_value  numeric(18, 2) not null,
    expected_irn         text not null,
    nic_payload          text not null,
    payload_hash         text not null,
    warnings             text,
    irn                  text,
    ack_number           text,
    ack_date             timestamptz,
    signed_invoice       text,
    signed_qr_code       text,
    generated_at         timestamptz,
    error_code           text,
    error_message        text,
    upstream_code        text,
    upstream_message     text,
    attempts             integer not null default 0,
    retry_count          integer not null default 0,
    next_retry_at        timestamptz,
    outcome_unknown      boolean not null default false,
    lease_owner          text,
    lease_until          timestamptz,
    cancelled_at         timestamptz,
    cancel_reason_code   text,
    cancellation_reason  text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    constraint einvoice_document unique (organization_id, environment, seller_gstin, financial_year,
                                         document_type, document_number_key)
);
create index einvoice_due on einvoice (next_retry_at) where status in ('pending', 'queued', 'failed_retriable');
create index einvoice_list on einvoice (organization_id, environment, id desc);
create index einvoice_irn on einvoice (irn) where irn is not null;

-- The audit trail: every status change, written in the same transaction as the change.
create table einvoice_event (
    id               bigserial primary key,
    einvoice_id      text not null references einvoice (id),
    organization_id  text not null,
    at               timestamptz not null,
    from_status      text,
    to_status        text not null,
    attempt          integer not null,
    upstream_code    text,
    upstream_message text,
    note             text
);
create index einvoice_event_einvoice on einvoice_event (einvoice_id, id);
