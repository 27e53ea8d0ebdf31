-- Per-organization overrides of openirn.printing.*: a null field falls back to the global setting.
create table organization_print_settings (
    organization_id    text primary key references organization (id),
    footer_text        text null,
    logo               bytea null,
    logo_content_type  text null,
    updated_at         timestamptz not null default now()
);
