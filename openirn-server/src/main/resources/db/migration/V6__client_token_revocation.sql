-- Every access token carries the token generation of its client at issue time; rotating the secret or
-- disabling the client bumps it, which revokes every token issued before at once instead of after their TTL.
alter table api_client
    add column token_generation bigint not null default 0;
