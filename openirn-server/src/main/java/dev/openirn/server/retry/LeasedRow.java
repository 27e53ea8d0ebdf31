package dev.openirn.server.retry;

/**
 * A row leased for one attempt. The token is new for every claim, so a late or duplicate attempt on
 * the same node holds a stale token and can neither renew the lease nor record anything.
 */
public record LeasedRow(String id, String token) {
}
