package dev.openirn.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's clock: the configured one, moved forward by whatever tests asked for, so cancel windows, token
 * lifetimes and e-way bill validity can be crossed without waiting. Every part of the sandbox reads time here.
 */
public final class SandboxClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    SandboxClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private SandboxClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    /** Moves the sandbox's time forward (or back, with a negative duration); returns the new now. */
    public Instant advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
        return instant();
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SandboxClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
