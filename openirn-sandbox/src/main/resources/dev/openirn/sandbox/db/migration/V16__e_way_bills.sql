-- The e-way bill system's own sessions, and the one e-way bill store the EWB API and the IRP's EWB-by-IRN share.

create table ewb_session (
    auth_token varchar(40)  primary key,
    client_id  varchar(100) not null,
    user_name  varchar(100) not null,
    gstin      varchar(15)  not null,
    sek        bytea        not null,
    issued_at  timestamptz  not null,
    expires_at timestamptz  not null
);

create index ewb_session_owner on ewb_session (client_id, user_name, gstin, expires_at);

-- Running part (digits 4-12) of the 12-digit e-way bill number, shared by every state prefix as NIC's is.
create sequence ewb_number start with 100000001;

create table e_way_bill (
    ewb_no          bigint       primary key,
    generator_gstin varchar(15)  not null,
    doc_owner       varchar(15)  not null,
    doc_type        varchar(3)   not null,
    doc_no          varchar(16)  not null,
    status          varchar(3)   not null,
    irn             char(64)     unique,
    generated_at    timestamptz  not null,
    record          text         not null
);

-- One active e-way bill per document of a supplier, whoever generated it.
create unique index e_way_bill_active_document on e_way_bill (doc_owner, doc_type, upper(doc_no)) where status = 'ACT';
