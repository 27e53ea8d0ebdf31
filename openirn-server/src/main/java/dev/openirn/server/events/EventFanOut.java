package dev.openirn.server.events;

/**
 * Called for every published event inside the transaction that stores it, so whatever it schedules
 * (webhook deliveries) commits or rolls back with the state change itself.
 */
public interface EventFanOut {

    void published(StoredEvent event);
}
