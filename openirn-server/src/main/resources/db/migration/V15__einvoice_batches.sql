-- Bulk batches (POST /v1/einvoices/batches): a batch and every one of its items are stored in the
-- request's transaction before it is answered. A valid item is an ordinary e-invoice row the
-- registration worker drains; the item only links to it. An invalid item keeps its errors here.
create table einvoice_batch (
    id               text primary key,
    organization_id  text not null references organization (id),
    environment      text not null,
    client_id        text not null,
    item_count       integer not null,
    created_at       timestamptz not null,
    completed_at     timestamptz
);

-- GET /v1/einvoices/batches: newest first (ids are ULIDs).
create index einvoice_batch_list on einvoice_batch (organization_id, environment, id desc);
-- The completion check looks only at batches still open.
create index einvoice_batch_open on einvoice_batch (created_at) where completed_at is null;

create table einvoice_batch_item (
    batch_id         text not null references einvoice_batch (id),
    item_index       integer not null,
    organization_id  text not null,
    environment      text not null,
    -- the client's key, or one derived from the document (seller, type, number, date); null when neither exists
    idempotency_key  text,
    -- whether the client sent the key (only a sent key can be reused with other data)
    key_given        boolean not null,
    payload_hash     text,
    einvoice_id      text references einvoice (id),
    -- the error details of an invalid item (einvoice_id is then null)
    errors           text,
    primary key (batch_id, item_index)
);

-- An item key sent again (in any batch of the tenant) finds the e-invoice it registered.
create index einvoice_batch_item_key on einvoice_batch_item (organization_id, environment, idempotency_key)
    where einvoice_id is not null;
-- The completion check and the counts join items to their e-invoices.
create index einvoice_batch_item_einvoice on einvoice_batch_item (einvoice_id);
