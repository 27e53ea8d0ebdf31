package dev.openirn.server;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests that wait for the background workers: a short sync deadline and IRP timeout, and retries
 * within a second instead of the default 5 s first delay. Classes that add nothing share one server.
 */
public abstract class FastRetriesServerTest extends ServerTest {

    @DynamicPropertySource
    static void fastRetries(DynamicPropertyRegistry registry) {
        registry.add("openirn.irp.sync-deadline", () -> "1s");
        registry.add("openirn.irp.request-timeout", () -> "2s");
        registry.add("openirn.retry.initial-delay", () -> "200ms");
        registry.add("openirn.retry.max-delay", () -> "1s");
        registry.add("openirn.retry.poll-interval", () -> "100ms");
        registry.add("openirn.ewb.worker-interval", () -> "200ms");
    }
}
