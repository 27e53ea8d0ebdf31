package dev.openirn.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Closed-loop saturation and open-loop (fixed offered rate) latency, both bounded in count and time. */
final class Load {

    /** One request; throws when the answer is not the expected one. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    record Closed(long completed, long errors, double seconds, String firstError) {
        double throughput() {
            return completed / seconds;
        }
    }

    record Open(Histogram latencyMicros, long errors, double offeredRate, boolean completedInTime, String firstError) {
        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Load() {
    }

    /** {@code concurrency} clients each send the next request as soon as the last one answered. */
    static Closed closed(Call call, long requests, int concurrency, Duration limit) throws InterruptedException {
        return closed(call, requests, Duration.ZERO, concurrency, limit);
    }

    /**
     * As {@link #closed(Call, long, int, Duration)}, going on past {@code requests} until {@code atLeast} has
     * passed: a cheap request's thousand answers take a fraction of a second, too short to measure CPU by.
     */
    static Closed closed(Call call, long requests, Duration atLeast, int concurrency, Duration limit)
            throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long deadline = System.nanoTime() + limit.toNanos();
        Thread[] clients = new Thread[concurrency];
        long started = System.nanoTime();
        long minimumEnd = started + Math.min(atLeast.toNanos(), limit.toNanos());
        for (int c = 0; c < concurrency; c++) {
            clients[c] = new Thread(() -> {
                while ((issued.incrementAndGet() <= requests || System.nanoTime() < minimumEnd) && System.nanoTime() < deadline) {
                    try {
                        call.run();
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, String.valueOf(e));
                    }
                }
            }, "bench-client-" + c);
            clients[c].start();
        }
        for (Thread client : clients) {
            client.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Closed(completed.get(), errors.get(), seconds, firstError.get());
    }

    /**
     * Requests start on a fixed schedule whatever the answers do; latency runs from each request's
     * scheduled start, so queueing behind a slow answer counts (no coordinated omission).
     */
    static Open open(Call call, int requests, double ratePerSecond, int maxInFlight, Duration limit)
            throws InterruptedException {
        ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(maxInFlight, runnable -> {
            Thread thread = new Thread(runnable, "bench-open");
            thread.setDaemon(true);
            return thread;
        });
        CountDownLatch done = new CountDownLatch(requests);
        long interval = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int sent = 0;
        for (; sent < requests; sent++) {
            long intended = start + sent * interval;
            if (intended > deadline) {
                break;
            }
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            pool.execute(() -> {
                try {
                    call.run();
                    histogram.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(e));
                } finally {
                    done.countDown();
                }
            });
        }
        for (int s = sent; s < requests; s++) {
            done.countDown();
        }
        boolean inTime = done.await(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(30),
                TimeUnit.NANOSECONDS) && sent == requests;
        pool.shutdownNow();
        return new Open(histogram, errors.get(), ratePerSecond, inTime, firstError.get());
    }
}
