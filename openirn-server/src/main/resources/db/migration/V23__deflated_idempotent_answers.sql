-- A stored answer that is not sealed is kept deflated when that makes it smaller: JSON shrinks to about
-- half, and PostgreSQL's own compression (pglz) leaves answers of 1-2 KB as they are. See docs/idempotency.md.
alter table idempotency_key add column response_deflated boolean not null default false;
