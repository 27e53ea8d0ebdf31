package dev.openirn.server.support;

import com.github.f4b6a3.ulid.UlidCreator;

/** Public ids: a type prefix and a ULID, so they sort by creation time and say what they name. */
public final class Ids {

    private Ids() {
    }

    public static String einvoice() {
        return "einv_" + UlidCreator.getMonotonicUlid();
    }

    public static String withPrefix(String prefix) {
        return prefix + "_" + UlidCreator.getMonotonicUlid();
    }
}
