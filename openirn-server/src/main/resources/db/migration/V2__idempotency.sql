-- Idempotency-Key records. One row per (client, environment, key): the
-- first request claims the row (state in_progress, owner = a token of that claim), runs, and
-- stores its final response; later requests with the same key and the same raw body replay it.
-- Rows live 24 hours from the first request; a scheduled job deletes expired rows in batches.
create table idempotency_key (
    client_id         text not null,
    environment       text not null,
    idempotency_key   text not null,
    organization_id   text not null,
    request_method    text not null,
    request_path      text not null,
    request_hash      text not null,
    state             text not null check (state in ('in_progress', 'completed')),
    owner             text not null,
    locked_at         timestamptz not null,
    response_status   integer,
    response_headers  text,
    response_body     bytea,
    created_at        timestamptz not null,
    completed_at      timestamptz,
    expires_at        timestamptz not null,
    primary key (client_id, environment, idempotency_key)
);
create index idempotency_key_expiry on idempotency_key (expires_at);
