package dev.openirn.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/** What one of the sandbox's IRPs answered since start, as {@code GET /sandbox/stats} reports it per IRP. */
final class IrpCounters {

    final AtomicLong authCalls = new AtomicLong();
    final AtomicLong generateCalls = new AtomicLong();
    final AtomicLong registrations = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong cancellations = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong faulted = new AtomicLong();

    SandboxStats.IrpStats snapshot() {
        return new SandboxStats.IrpStats(registrations.get(), generateCalls.get(), duplicates.get(), cancellations.get(),
                authCalls.get(), reads.get(), faulted.get());
    }
}
