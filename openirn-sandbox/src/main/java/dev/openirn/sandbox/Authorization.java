package dev.openirn.sandbox;

import java.util.function.Function;

/**
 * The outcome of checking an API call's client, user and token: {@link Authorized} with the caller's session,
 * or the {@link Reply} that refuses the call.
 */
sealed interface Authorization permits Authorization.Authorized, Reply {

    /** {@code call}'s reply for an authorized session; a refusal answers as it is. */
    Reply then(Function<SandboxStore.Session, Reply> call);

    record Authorized(SandboxStore.Session session) implements Authorization {

        @Override
        public Reply then(Function<SandboxStore.Session, Reply> call) {
            return call.apply(session);
        }
    }
}
