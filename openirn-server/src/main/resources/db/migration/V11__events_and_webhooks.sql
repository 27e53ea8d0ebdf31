-- Events (the transactional outbox): one row per state change a customer may be told about,
-- written in the same transaction as the change. payload is the exact JSON every webhook
-- delivery sends and GET /v1/events/{id} answers, rendered once when the change committed.
create table api_event (
    id               text primary key,
    organization_id  text not null references organization (id),
    environment      text not null,
    type             text not null,
    object_id        text,
    created_at       timestamptz not null,
    payload          text not null
);

-- GET /v1/events: newest first (ids are ULIDs), filtered by type or object.
create index api_event_list on api_event (organization_id, environment, id desc);
create index api_event_list_type on api_event (organization_id, environment, type, id desc);
create index api_event_list_object on api_event (organization_id, environment, object_id, id desc);
create index api_event_created_at on api_event (created_at);

-- Webhook endpoints of a tenant and environment. The signing secret is sealed under the master
-- key (envelope encryption); after a rotation the previous secret stays valid until
-- previous_secret_expires_at.
create table webhook_endpoint (
    id                          text primary key,
    organization_id             text not null references organization (id),
    environment                 text not null,
    url                         text not null,
    description                 text,
    event_types                 text[] not null,
    enabled                     boolean not null,
    disabled_reason             text,
    disabled_at                 timestamptz,
    consecutive_failures        integer not null default 0,
    secret_ciphertext           bytea not null,
    secret_data_key             bytea not null,
    secret_master_key_id        text not null,
    previous_secret_ciphertext  bytea,
    previous_secret_data_key    bytea,
    previous_secret_master_key_id text,
    previous_secret_expires_at  timestamptz,
    created_at                  timestamptz not null,
    updated_at                  timestamptz not null
);

create index webhook_endpoint_tenant on webhook_endpoint (organization_id, environment, id desc);

-- One event to one endpoint. 'pending' rows are claimed by the dispatcher of any node with
-- FOR UPDATE SKIP LOCKED and a lease token of their own; 'failed' is the dead letter.
create table webhook_delivery (
    id               text primary key,
    endpoint_id      text not null references webhook_endpoint (id) on delete cascade,
    event_id         text not null references api_event (id) on delete cascade,
    status           text not null check (status in ('pending', 'delivered', 'failed')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz,
    lease_owner      text,
    lease_until      timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    delivered_at     timestamptz
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_endpoint on webhook_delivery (endpoint_id, id desc);
create index webhook_delivery_endpoint_due on webhook_delivery (endpoint_id, next_attempt_at) where status = 'pending';
create index webhook_delivery_event on webhook_delivery (event_id);

-- The delivery log: every attempt with what the receiver answered (or why nothing was sent).
create table webhook_delivery_attempt (
    id               bigserial primary key,
    delivery_id      text not null references webhook_delivery (id) on delete cascade,
    at               timestamptz not null,
    node             text not null,
    http_status      integer,
    latency_ms       integer,
    response_excerpt text,
    error            text
);

create index webhook_delivery_attempt_delivery on webhook_delivery_attempt (delivery_id, id);
