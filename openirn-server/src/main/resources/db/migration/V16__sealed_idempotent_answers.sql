-- An answer marked Cache-Control: no-store (it shows a secret once, e.g. a webhook signing secret) is
-- still kept for replay under its Idempotency-Key, but sealed under the master key, never in clear.
alter table idempotency_key
    add column response_wrapped_data_key bytea,
    add column response_master_key_id    text;
