package dev.openirn.sandbox;

/** Counters since start, as {@code GET /sandbox/stats} reports them. */
public record SandboxStats(long registrations, long generateCalls, long duplicates, long cancellations, long authCalls) {
}
