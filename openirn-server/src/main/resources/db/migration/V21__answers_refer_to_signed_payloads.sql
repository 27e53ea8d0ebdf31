-- The stored 201 answer of a generate keeps the answer without its two signed payloads (the signed
-- invoice and QR code, most of its bytes) and refers to the e-invoice row that holds them; a replay
-- copies them back in at response_splice_at, byte for byte.
alter table idempotency_key
    add column response_einvoice_id text references einvoice (id),
    add column response_splice_at   integer;

-- What such an answer relies on, and what the IRP guarantees: a registered e-invoice's signed
-- payloads never change once stored.
create function einvoice_signed_payloads_unchanged() returns trigger language plpgsql as $$
begin
    if (old.signed_invoice is not null and new.signed_invoice is distinct from old.signed_invoice)
            or (old.signed_qr_code is not null and new.signed_qr_code is distinct from old.signed_qr_code) then
        raise exception 'The signed payloads of e-invoice % never change once stored', old.id;
    end if;
    return new;
end $$;

create trigger einvoice_signed_payloads_unchanged before update of signed_invoice, signed_qr_code on einvoice
    for each row execute function einvoice_signed_payloads_unchanged();
