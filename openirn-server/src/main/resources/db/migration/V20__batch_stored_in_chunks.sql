-- A batch is stored in chunks, each its own transaction, so the registration worker starts on the first
-- items while later ones are still being validated. Until its last chunk commits a batch is not accepted:
-- not answered, listed or completed. A request retried under the same Idempotency-Key finds its unfinished
-- batch by request_key and continues it. Batches stored before this change were stored whole: accepted.
alter table einvoice_batch add column accepted boolean not null default true;
alter table einvoice_batch add column request_key text;

-- One unfinished batch per request: two attempts of it that race to start it store one batch.
create unique index einvoice_batch_unfinished on einvoice_batch (organization_id, environment, client_id, request_key)
    where not accepted and request_key is not null;
