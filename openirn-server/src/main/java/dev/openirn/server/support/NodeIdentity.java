package dev.openirn.server.support;

/** Names this process in row leases, so nodes sharing one database never work on the same row. */
public record NodeIdentity(String id) {
}
