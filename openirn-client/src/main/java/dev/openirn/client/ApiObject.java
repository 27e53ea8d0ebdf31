package dev.openirn.client;

import com.fasterxml.jackson.databind.JsonNode;

/** What every object the API answers carries besides its fields: the JSON as received and how it was answered. */
public abstract class ApiObject<T extends ApiObject<T>> {
    private transient JsonNode json;
    private transient int httpStatus;
    private transient boolean replayed;

    @SuppressWarnings("unchecked")
    T answered(JsonNode json, int httpStatus, boolean replayed) {
        this.json = json;
        this.httpStatus = httpStatus;
        this.replayed = replayed;
        return (T) this;
    }

    /** The whole object as received: the escape hatch for fields not modelled here. */
    public JsonNode json() {
        return json;
    }

    /** The HTTP status of the answer that delivered this object (0 when it came in a list). */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when the server replayed its stored answer for this idempotency key. */
    public boolean replayed() {
        return replayed;
    }
}
