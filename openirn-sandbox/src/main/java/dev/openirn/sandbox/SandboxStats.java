package dev.openirn.sandbox;

/** Counters since start, as {@code GET /sandbox/stats} reports them; the {@code ewb*} ones count the e-way bill system. */
public record SandboxStats(long registrations, long generateCalls, long duplicates, long cancellations, long authCalls,
                           long ewbAuthCalls, long ewbCalls, long ewbGenerated, long ewbCancellations) {
}
