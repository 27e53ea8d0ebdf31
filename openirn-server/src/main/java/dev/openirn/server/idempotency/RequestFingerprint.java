package dev.openirn.server.idempotency;

/**
 * What a repeated request must match to be replayed: the SHA-256 of the raw body bytes (so a
 * re-serialised JSON body with another key order is a different request), and the method and path,
 * so one key can never replay the answer of another endpoint or another resource.
 */
record RequestFingerprint(String method, String path, String bodySha256) {
}
