-- IRP answers to Get GSTIN details (GET /v1/gstins/{gstin}), reused for openirn.gstin-lookup.cache-ttl.
-- Not per organization: a registration is public data, the same for every tenant of an environment.
create table gstin_cache (
    environment   text not null check (environment in ('test', 'live')),
    gstin         text not null,
    registration  jsonb not null,
    fetched_at    timestamptz not null,
    primary key (environment, gstin)
);
