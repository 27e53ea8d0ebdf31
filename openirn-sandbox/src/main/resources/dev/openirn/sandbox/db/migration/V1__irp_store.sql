-- Runs with search_path set to the sandbox schema (Flyway defaultSchema), so names stay unqualified.

create table api_user (
    gstin         varchar(15)  not null,
    user_name     varchar(100) not null,
    password_hash varchar(200) not null,
    created_at    timestamptz  not null,
    primary key (gstin, user_name)
);

create table auth_session (
    auth_token varchar(40)  primary key,
    client_id  varchar(100) not null,
    user_name  varchar(100) not null,
    gstin      varchar(15)  not null,
    sek        bytea        not null,
    issued_at  timestamptz  not null,
    expires_at timestamptz  not null
);

create index auth_session_owner on auth_session (client_id, user_name, gstin, expires_at);

-- Running part of the 15-digit AckNo.
create sequence ack_number;

create table einvoice (
    irn             char(64)     primary key,
    seller_gstin    varchar(15)  not null,
    financial_year  varchar(7)   not null,
    doc_type        varchar(3)   not null,
    doc_no_key      varchar(16)  not null,
    doc_no          varchar(16)  not null,
    doc_date        date         not null,
    ack_no          bigint       not null unique,
    ack_at          timestamptz  not null,
    status          varchar(3)   not null,
    signed_invoice  text         not null,
    signed_qr_code  text         not null,
    cancel_reason   varchar(1),
    cancel_remark   varchar(100),
    cancelled_at    timestamptz,
    -- One registration per document, whatever the race: NIC's duplicate rule as a constraint.
    constraint einvoice_document unique (seller_gstin, financial_year, doc_type, doc_no_key)
);
