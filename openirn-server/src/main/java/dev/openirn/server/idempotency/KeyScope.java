package dev.openirn.server.idempotency;

/**
 * Where a key lives: per OAuth client and per environment, so the same key sent by another client
 * (or in the other environment) is an unrelated request. The organization is kept on the row
 * because every row carries its tenant.
 */
record KeyScope(String clientId, String environment, String organizationId, String key) {
}
