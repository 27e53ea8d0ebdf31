-- The token-signing private key is kept sealed under the master key (envelope encryption, as GSP
-- credentials are), not as a clear JWK. A clear key of an older version is sealed on the next start.
alter table signing_key
    add column sealed_jwk       bytea,
    add column wrapped_data_key bytea,
    add column master_key_id    text,
    alter column jwk drop not null;
