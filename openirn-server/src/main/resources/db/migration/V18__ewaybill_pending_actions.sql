-- A change to a generated e-way bill (Part-B, validity, transporter, cancel, reject) is written into the bill's
-- history as a pending action before NIC hears of it, so an outage or a crash never loses it and a request whose
-- answer was lost is read back at NIC before it is sent again. The bill points at its one pending action; the
-- bill's lease (lease_owner, lease_until) says who is attempting it, next_attempt_at when the worker tries again.
alter table ewaybill_event drop constraint ewaybill_event_kind_check;
alter table ewaybill_event add constraint ewaybill_event_kind_check
    check (kind in ('status', 'vehicle', 'transporter', 'extension', 'cancel', 'reject'));
alter table ewaybill_event
    -- null for entries recorded as they happened; for an action: pending until NIC decided, then done or failed
    add column state                text check (state in ('pending', 'done', 'failed')),
    add column nic_request          text,
    add column acting_gstin         text,
    add column attempts             integer not null default 0,
    add column outcome_unknown      boolean not null default false,
    -- what the bill held when the action was asked, to tell from a read-back whether NIC already made it
    add column vehicles_before      integer,
    add column valid_until_before   timestamptz,
    add column error_code           text,
    add column upstream_code        text,
    add column upstream_message     text,
    add column completed_at         timestamptz;

alter table ewaybill add column pending_action bigint references ewaybill_event (id);
create index ewaybill_action_due on ewaybill (next_attempt_at) where pending_action is not null;
