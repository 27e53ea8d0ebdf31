package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Every statement of a generate is a round trip and work for PostgreSQL: the outcome's transaction
 * locks, updates and returns the row in one statement, and its event and stored answer are rendered
 * from that returned row instead of reading it again. Counted on the threads that serve the request
 * and run its attempt (the in-process sandbox's own threads and the background workers are not).
 */
@Import(GenerateStatementsTest.StatementCounting.class)
class GenerateStatementsTest extends ServerTest {

    private static final int GENERATES = 10;

    /** The statements prepared on request and attempt threads while counting is on. */
    private static final Queue<String> STATEMENTS = new ConcurrentLinkedQueue<>();
    private static volatile boolean counting;

    @Test
    void aGenerateRunsNoStatementItsOutcomeAlreadyAnswered() {
        api.post("/v1/einvoices", ApiClient.quickstartWithNumber("STMT-WARMUP"), "stmt-warmup"); // token, rate-limit chunk
        STATEMENTS.clear();
        counting = true;
        try {
            for (int i = 0; i < GENERATES; i++) {
                ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("STMT-" + i), "stmt-key-" + i);
                assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            }
        } finally {
            counting = false;
        }
        Map<String, Long> bySql = STATEMENTS.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        String seen = bySql.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining("\n"));
        double perGenerate = STATEMENTS.size() / (double) GENERATES;

        // The row of the e-invoice is read by id once, before its attempt; the outcome returns it, and
        // neither its event nor its answer reads it again.
        long readsById = STATEMENTS.stream().filter(sql -> sql.startsWith("select") && sql.contains(" from einvoice where id = ")).count();
        assertThat(readsById / (double) GENERATES).as(seen).isLessThanOrEqualTo(1.0);
        assertThat(perGenerate).as(seen).isLessThanOrEqualTo(15.0);
    }

    /** Wraps the application's DataSource so that the statements of the threads under test are recorded. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StatementCounting {

        @Bean
        static BeanPostProcessor statementCountingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource ? proxy(dataSource, new Class<?>[] {DataSource.class, Closeable.class},
                            GenerateStatementsTest::connection) : bean;
                }
            };
        }
    }

    private static Object connection(Method method, Object result) {
        return result instanceof Connection connection && method.getName().equals("getConnection")
                ? proxy(connection, new Class<?>[] {Connection.class}, (statementMethod, statement) -> statement) : result;
    }

    private static Object proxy(Object target, Class<?>[] interfaces, java.util.function.BiFunction<Method, Object, Object> after) {
        InvocationHandler handler = (self, method, args) -> {
            if (counting && args != null && args.length > 0 && args[0] instanceof String sql
                    && (method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))) {
                String thread = Thread.currentThread().getName();
                if (thread.startsWith("http-nio-") || thread.startsWith("irp-attempt-")) {
                    STATEMENTS.add(sql.strip().replaceAll("\\s+", " "));
                }
            }
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(GenerateStatementsTest.class.getClassLoader(), interfaces, handler);
    }
}
