package dev.openirn.server.retry;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bounded pool IRP calls run on, so a slow IRP can tie up neither request threads nor memory. */
@Configuration(proxyBeanMethods = false)
class AttemptExecutorConfiguration {

    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor irpAttemptExecutor() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(32, 32, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2000), runnable -> {
            Thread thread = new Thread(runnable, "irp-attempt-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
