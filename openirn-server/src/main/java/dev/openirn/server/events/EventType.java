package dev.openirn.server.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every event a customer can subscribe to. A new kind of event is one constant here plus one call to
 * {@link EventOutbox#publish} where its state change is written (e.g. {@code EWAYBILL_GENERATED("ewaybill.generated", true)}).
 *
 * @param wireName          the {@code type} of the event on the wire
 * @param defaultSubscribed whether an endpoint created without an explicit {@code events} list receives it
 */
public enum EventType {
    EINVOICE_GENERATED("einvoice.generated", true),
    EINVOICE_FAILED("einvoice.failed", true),
    EINVOICE_CANCELLED("einvoice.cancelled", true),
    /** A first attempt ended {@code failed_retriable}: noisy for most integrations, so only on request. */
    EINVOICE_RETRYING("einvoice.retrying", false),
    EWAYBILL_GENERATED("ewaybill.generated", true),
    EWAYBILL_CANCELLED("ewaybill.cancelled", true),
    EWAYBILL_EXPIRED("ewaybill.expired", true),
    EWAYBILL_REJECTED("ewaybill.rejected", true),
    /** A vehicle, transporter or validity change: frequent during a movement, so only on request. */
    EWAYBILL_UPDATED("ewaybill.updated", false),
    /** Every item of a bulk batch reached a final state (generated, failed_terminal, invalid or cancelled); sent once. */
    BATCH_COMPLETED("batch.completed", true),
    /** Sent to one endpoint on request ({@code POST /v1/webhook-endpoints/{id}/test}); never subscribed to. */
    PING("ping", false);

    private final String wireName;
    private final boolean defaultSubscribed;

    EventType(String wireName, boolean defaultSubscribed) {
        this.wireName = wireName;
        this.defaultSubscribed = defaultSubscribed;
    }

    public String wireName() {
        return wireName;
    }

    public boolean defaultSubscribed() {
        return defaultSubscribed;
    }

    /** Whether an endpoint may list this type in its {@code events}. */
    public boolean subscribable() {
        return this != PING;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }

    public static List<EventType> defaults() {
        return Arrays.stream(values()).filter(EventType::defaultSubscribed).toList();
    }

    public static List<String> subscribableWireNames() {
        return Arrays.stream(values()).filter(EventType::subscribable).map(EventType::wireName).toList();
    }
}
