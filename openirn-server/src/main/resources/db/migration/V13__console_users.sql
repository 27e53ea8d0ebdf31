-- People who sign in to the operator console (/console), apart from API clients. A user with no
-- organization is an instance admin and sees every organization. Passwords are stored only as
-- DelegatingPasswordEncoder hashes ({bcrypt}…).
create table console_user (
    id                     text primary key,
    organization_id        text references organization (id),
    email                  text not null,
    password_hash          text not null,
    role                   text not null check (role in ('admin', 'operator', 'viewer')),
    must_change_password   boolean not null default false,
    failed_sign_ins        integer not null default 0,
    locked_until           timestamptz,
    created_at             timestamptz not null default now(),
    password_changed_at    timestamptz
);
create unique index console_user_email on console_user (lower(email));

-- Every console action, as the API's writes leave their audit rows: who, in which tenant, what, on what.
create table console_audit (
    id               bigserial primary key,
    at               timestamptz not null default now(),
    user_id          text,
    email            text not null,
    organization_id  text,
    environment      text,
    action           text not null,
    target           text,
    outcome          text not null,
    detail           text
);
create index console_audit_organization on console_audit (organization_id, id);
