package dev.openirn.server.tenancy;

import java.util.Locale;

/** Test and live data never mix; the client id's prefix says which one a client belongs to. */
public enum ApiEnvironment {
    TEST("ofin_test_"),
    LIVE("ofin_live_");

    private final String clientIdPrefix;

    ApiEnvironment(String clientIdPrefix) {
        this.clientIdPrefix = clientIdPrefix;
    }

    public String clientIdPrefix() {
        return clientIdPrefix;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiEnvironment fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public static ApiEnvironment ofClientId(String clientId) {
        for (ApiEnvironment environment : values()) {
            if (clientId.startsWith(environment.clientIdPrefix)) {
                return environment;
            }
        }
        throw new IllegalArgumentException("Client ids start with ofin_test_ or ofin_live_");
    }

    /** Test clients validate leniently by default (sandbox GSTINs fail checksums); live ones strictly. */
    public String defaultProfile() {
        return this == TEST ? "lenient" : "strict";
    }
}
