-- Which IRP registered an e-invoice (an endpoint name such as sandbox-2 or nic-1), now that an
-- environment may list several; rows registered before stay null.
ALTER TABLE einvoice ADD COLUMN irp text;

-- One IRP session per API user (tenant scope, GSTIN, user name) and IRP, shared by every node: nodes
-- reuse it instead of each logging in, and log in one at a time (an advisory lock per row key). The
-- session (token and session key) is sealed under the master key; password_tag is a keyed hash of
-- the password it was logged in with, so it is only handed to callers holding the same password.
CREATE TABLE irp_session (
    irp             text        NOT NULL,
    session_scope   text        NOT NULL,
    gstin           text        NOT NULL,
    user_name       text        NOT NULL,
    password_tag    text        NOT NULL,
    sealed_session  bytea       NOT NULL,
    wrapped_key     bytea       NOT NULL,
    master_key_id   text        NOT NULL,
    token_expiry    timestamptz NOT NULL,
    refresh_at      timestamptz NOT NULL,
    logged_in_at    timestamptz NOT NULL,
    PRIMARY KEY (irp, session_scope, gstin, user_name)
);
