package dev.ragservice.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis dies, stalls and comes back under a live cache with the default 50 ms timeout: every call fails fast
 * with a {@link DependencyException}, and the same instance works again once Redis is back.
 */
@Timeout(60) // a hanging call fails the test instead of stalling the build
class RedisOutageTest {

    // The adapter aims at tens of milliseconds; the bound is loose so a busy machine cannot fail the test,
    // yet far below what a hanging call would take.
    private static final Duration FAST = Duration.ofSeconds(2);
    private static final Duration TTL = Duration.ofMinutes(5);

    private static RedisServer server;
    private RedisCache cache;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openCache() {
        cache = server.cache();
        // Warm the pool and the code paths, so what is measured below is the failure, not class loading.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            cache.put("warm", new byte[] {1}, TTL);
            return cache.get("warm").isPresent();
        });
    }

    @AfterEach
    void closeCache() {
        cache.close();
        server.thaw();
    }

    @Test
    void aStoppedRedisFailsFastAndTheSameCacheRecoversWhenItReturns() {
        fillThePoolWithIdleConnections();
        cache.increment("version");
        server.stop();

        assertFailsFast(() -> cache.get("warm"), Kind.UNAVAILABLE);
        assertFailsFast(
                () -> {
                    cache.put("k", new byte[] {1}, TTL);
                    return null;
                },
                Kind.UNAVAILABLE);
        assertFailsFast(() -> cache.increment("version"), Kind.UNAVAILABLE);
        assertFailsFast(() -> cache.counter("version"), Kind.UNAVAILABLE);
        assertThat(timed(cache::isAvailable)).isFalse();

        server.restart();

        // The first call after the restart already works: the dead pooled connections were dropped.
        cache.put("k", new byte[] {7}, TTL);
        assertThat(cache.get("k")).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
        assertThat(cache.increment("version"))
                .as("a fresh server starts counting again")
                .isEqualTo(1);
        assertThat(cache.isAvailable()).isTrue();
    }

    @Test
    void aFrozenRedisTimesOutFastAndTheSameCacheRecoversWhenItThaws() {
        server.freeze();

        assertFailsFast(() -> cache.get("warm"), Kind.TIMED_OUT);
        assertFailsFast(
                () -> {
                    cache.put("k", new byte[] {1}, TTL);
                    return null;
                },
                Kind.TIMED_OUT);
        assertFailsFast(() -> cache.increment("version"), Kind.TIMED_OUT);
        assertThat(timed(cache::isAvailable)).isFalse();

        server.thaw();

        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .until(() -> cache.get("warm").isPresent());
        assertThat(cache.isAvailable()).isTrue();
    }

    @Test
    void aCacheCreatedWhileRedisIsDownStartsWorkingWhenRedisDoes() {
        server.stop();
        try (RedisCache early = server.cache()) {
            assertThat(timed(early::isAvailable)).isFalse();
            assertFailsFast(() -> early.get("k"), Kind.UNAVAILABLE);

            server.restart();

            early.put("k", new byte[] {1}, TTL);
            assertThat(early.get("k")).isPresent();
        }
    }

    /**
     * After a restart every idle pooled connection is dead. With several of them in the pool, recovery on the
     * very first call shows the adapter drops them rather than failing once per dead connection.
     */
    private void fillThePoolWithIdleConnections() {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (ExecutorService burst = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    burst.submit(() -> {
                        for (int n = 0; n < 200; n++) {
                            cache.get("warm");
                        }
                    });
                }
            }
            // The pool's connections plus the one asking.
            return server.connectedClients() > 6;
        });
    }

    private static void assertFailsFast(Callable<?> call, Kind kind) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call::call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("time to fail").isLessThan(FAST);
        assertThat(thrown).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.dependency()).isEqualTo("redis");
            assertThat(e.kind()).isEqualTo(kind);
        });
    }

    private static <T> T timed(Callable<T> call) {
        long start = System.nanoTime();
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("time to answer")
                    .isLessThan(FAST);
        }
    }
}
