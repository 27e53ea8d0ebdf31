-- Cancelling an e-invoice together with its e-way bill: the bill to cancel first is stored with the cancel
-- request, so that whoever resumes the request (the API or the cancel worker, also after a crash) cancels the
-- bill before the IRN. cancel_ewaybill_sent_at is set before the bill's cancel leaves; when it is set, the
-- bill's status at NIC is read before the cancel is sent again, so it is never sent twice.
alter table einvoice
    add column cancel_ewaybill_id      text,
    add column cancel_ewaybill_sent_at timestamptz;
