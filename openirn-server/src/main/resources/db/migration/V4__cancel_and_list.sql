-- Cancel requests that could not reach the IRP are kept on the row until the cancel worker
-- completes them. A row with cancel_requested_at set is still 'generated'; the worker leases it
-- with the same lease_owner/lease_until columns the generate path uses, so one holder at a time
-- may send anything for a row. The requested reason and remarks live here until the IRP has
-- confirmed; only then are they copied into cancel_reason_code / cancellation_reason.
alter table einvoice
    add column cancel_requested_at     timestamptz,
    add column cancel_request_reason   text,
    add column cancel_request_remarks  text,
    add column cancel_next_attempt_at  timestamptz,
    add column cancel_attempts         integer not null default 0,
    add column cancel_error_code       text,
    add column cancel_error_message    text;

create index einvoice_cancel_due on einvoice (cancel_next_attempt_at)
    where cancel_requested_at is not null and status = 'generated';

-- List and search: every filter is a prefix of (tenant, environment, filter column) and, where
-- the filter is an equality, ends in id desc so that "newest first" with a keyset cursor is an
-- index range scan that stops after limit + 1 rows. (organization_id, environment, id desc)
-- already exists from V1 (einvoice_list).
create index einvoice_list_status on einvoice (organization_id, environment, status, id desc);
create index einvoice_list_seller on einvoice (organization_id, environment, seller_gstin, id desc);
create index einvoice_list_buyer on einvoice (organization_id, environment, buyer_gstin, id desc);
create index einvoice_list_type on einvoice (organization_id, environment, document_type, id desc);
create index einvoice_list_number on einvoice (organization_id, environment, document_number_key, id desc);
create index einvoice_list_invoice_date on einvoice (organization_id, environment, invoice_date, id desc);
create index einvoice_list_created_at on einvoice (organization_id, environment, created_at, id desc);
