-- An e-invoice event's payload is kept without the e-invoice's two signed payloads (the signed invoice
-- and QR code, most of its bytes) and refers to the row that holds them; a read copies them back in at
-- payload_splice_at, byte for byte. The row's payloads never change once stored (V21's trigger).
alter table api_event
    add column payload_einvoice_id text references einvoice (id),
    add column payload_splice_at   integer;
