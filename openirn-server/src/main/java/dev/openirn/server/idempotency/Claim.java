package dev.openirn.server.idempotency;

/** What claiming a key decided for one request. */
sealed interface Claim {

    /** This request holds the key and runs; {@code owner} guards the later completion or release. */
    record Owned(String owner) implements Claim {
    }

    /** An earlier request with this key and body finished: answer its response again. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The key was first used for another request (body, method or path differ). */
    record Mismatch() implements Claim {
    }

    /** The first request with this key is still running. */
    record InProgress() implements Claim {
    }
}
