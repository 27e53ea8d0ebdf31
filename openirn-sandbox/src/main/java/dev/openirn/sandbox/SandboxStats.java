package dev.openirn.sandbox;

import java.util.Map;

/**
 * Counters since start, as {@code GET /sandbox/stats} reports them; the {@code ewb*} ones count the e-way bill system,
 * {@code irps} the same calls split by the IRP that answered them (by name, e.g. {@code sandbox-1}).
 */
public record SandboxStats(long registrations, long generateCalls, long duplicates, long cancellations, long authCalls,
                           long ewbAuthCalls, long ewbCalls, long ewbGenerated, long ewbCancellations,
                           Map<String, IrpStats> irps) {

    /** One IRP's share: {@code faulted} counts the calls an armed fault answered (or swallowed). */
    public record IrpStats(long registrations, long generateCalls, long duplicates, long cancellations, long authCalls,
                           long reads, long faulted) {
    }
}
