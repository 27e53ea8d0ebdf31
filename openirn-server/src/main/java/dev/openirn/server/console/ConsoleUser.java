package dev.openirn.server.console;

import java.time.Instant;

/** A person who signs in to the console; {@code organizationId} null means every organization (instance admin). */
public record ConsoleUser(String id, String organizationId, String email, String passwordHash, ConsoleRole role,
        boolean mustChangePassword, int failedSignIns, Instant lockedUntil) {

    public boolean instanceAdmin() {
        return organizationId == null && role == ConsoleRole.ADMIN;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    boolean mayOperate() {
        return role == ConsoleRole.ADMIN || role == ConsoleRole.OPERATOR;
    }

    boolean mayAdminister() {
        return role == ConsoleRole.ADMIN;
    }
}
