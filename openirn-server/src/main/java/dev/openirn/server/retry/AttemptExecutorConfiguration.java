package dev.openirn.server.retry;

import dev.openirn.server.OpenIrnProperties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bounded pool IRP calls run on, so a slow IRP can tie up neither request threads nor memory.
 * When it is full it refuses work instead of running it on the caller's thread: a request thread
 * must answer within the sync deadline (the refused row goes to the worker), and a worker must keep
 * to its own schedule.
 */
@Configuration(proxyBeanMethods = false)
class AttemptExecutorConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ThreadPoolExecutor irpAttemptExecutor(OpenIrnProperties properties) {
        AtomicInteger count = new AtomicInteger();
        int threads = properties.retry().attemptThreads();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.retry().attemptQueue())), runnable -> {
                    Thread thread = new Thread(runnable, "irp-attempt-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }
}
