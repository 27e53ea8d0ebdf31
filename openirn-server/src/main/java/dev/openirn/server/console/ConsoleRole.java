package dev.openirn.server.console;

import java.util.Locale;

/**
 * What a console user may do. A viewer reads; an operator also retries and cancels e-invoices and tests IRP
 * connections; an admin also manages credentials and API clients. An admin without an organization is an
 * instance admin and sees every organization.
 */
public enum ConsoleRole {
    ADMIN, OPERATOR, VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role, or empty for anything else. */
    public static java.util.Optional<ConsoleRole> fromWireName(String name) {
        for (ConsoleRole role : values()) {
            if (role.wireName().equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }

    /** The Spring Security authority the console's request rules check. */
    String authority() {
        return "ROLE_" + name();
    }
}
