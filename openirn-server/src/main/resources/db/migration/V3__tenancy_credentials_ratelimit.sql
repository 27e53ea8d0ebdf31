-- Per-client rate limits (null = the openirn.rate-limit.* default) and when a client was disabled.
alter table api_client
    add column rate_limit_api         integer check (rate_limit_api > 0),
    add column rate_limit_credentials integer check (rate_limit_credentials > 0),
    add column rate_limit_token       integer check (rate_limit_token > 0),
    add column disabled_at            timestamptz;

-- NIC portal API users per GSTIN (portal 'irn' = e-invoice IRP, 'ewb' = e-way bill portal), per tenant and
-- environment. The password is envelope-encrypted: AES-256-GCM under a random data key, which is itself
-- wrapped by the master key (each blob is iv || ciphertext+tag, the credential id is the AAD).
-- A delete destroys the password and tombstones the row; the audit trail stays.
create table gsp_credential (
    id                    text primary key,
    organization_id       text not null references organization (id),
    environment           text not null check (environment in ('test', 'live')),
    portal                text not null check (portal in ('irn', 'ewb')),
    gstin                 text not null,
    user_name             text not null,
    password_ciphertext   bytea,
    wrapped_data_key      bytea,
    master_key_id         text,
    notes                 text,
    last_verified_at      timestamptz,
    last_verified_status  text,
    last_used_at          timestamptz,
    added_at              timestamptz not null,
    updated_at            timestamptz not null,
    password_changed_at   timestamptz,
    deleted_at            timestamptz,
    constraint gsp_credential_password_destroyed check (deleted_at is null or password_ciphertext is null)
);
create unique index gsp_credential_current on gsp_credential (organization_id, environment, portal, gstin)
    where deleted_at is null;

-- Every create, update, rotation, deletion, connection test and use of a credential. Never a password.
create table gsp_credential_audit (
    id               bigserial primary key,
    credential_id    text,
    organization_id  text not null,
    environment      text not null,
    portal           text not null,
    gstin            text not null,
    action           text not null,
    outcome          text,
    client_id        text,
    request_id       text,
    detail           text,
    at               timestamptz not null
);
create index gsp_credential_audit_tenant on gsp_credential_audit (organization_id, environment, gstin, id);

-- Fixed one-minute windows per client and bucket ('api', 'credentials', 'token'), shared by every node.
create table rate_limit_window (
    client_id     text not null,
    bucket        text not null,
    window_start  timestamptz not null,
    hits          integer not null,
    primary key (client_id, bucket, window_start)
);
create index rate_limit_window_start on rate_limit_window (window_start);
