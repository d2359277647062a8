package dev.ragservice.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ragservice.conformance.cache.SharedCounterConformance;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CounterCopies;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas' caches on one real Redis, each answering counters from local copies: the shared-counter kit, and
 * what Redis can do to them (a lost notification, a killed subscription, lost data, an outage). The reader's copies
 * age by a clock the test drives, which stands still unless a test moves it, so whatever the reader sees beyond its
 * copy came from a notification or a dropped copy, never from the copy getting old.
 */
@Timeout(60)
class RedisCounterCopiesTest extends SharedCounterConformance {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private static RedisServer server;
    private final AtomicLong readerClock = new AtomicLong();
    private Cache reader;
    private Cache writer;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected Cache newReplica(LongSupplier nanoTime) {
        return server.cache(nanoTime, "REDIS_TIMEOUT_MS", "1000");
    }

    @BeforeEach
    void openTwoReplicas(TestInfo test) {
        reader = replica(readerClock::get);
        writer = replica(System::nanoTime);
        awaitReaderSubscribed(test.getDisplayName() + ":probe");
    }

    @Test
    void aMissedNotificationIsMadeGoodOnceTheCopyIsNoLongerTrusted(TestInfo test) {
        String key = key(test);
        assertThat(reader.increment(key)).isEqualTo(1);
        // An increment that publishes nothing: what a notification lost on its way looks like to the reader.
        server.command("INCR", key);

        readerClock.addAndGet(CounterCopies.TRUST.toNanos() - 1);
        assertThat(reader.counter(key))
                .as("the copy, trusted for just under a second")
                .isEqualTo(1);
        readerClock.addAndGet(1);
        assertThat(reader.counter(key)).as("read again from Redis").isEqualTo(2);
    }

    @Test
    void aBrokenSubscriptionDropsTheCopies(TestInfo test) {
        String key = key(test);
        assertThat(reader.increment(key)).isEqualTo(1);
        server.command("INCR", key);
        assertThat(reader.counter(key)).as("the copy").isEqualTo(1);

        assertThat(server.command("CLIENT", "KILL", "TYPE", "pubsub")).isNotEqualTo(":0");

        await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> reader.counter(key) == 2);
    }

    @Test
    void aServerThatLostItsDataIsFollowedOnceTheCopyIsNoLongerTrusted(TestInfo test) {
        String key = key(test);
        reader.increment(key);
        reader.increment(key);
        // Everything gone, yet the connections and the subscription live on (a FLUSHALL, a failover to an empty
        // replica behind a proxy): nothing tells the reader.
        server.command("FLUSHALL");
        assertThat(reader.counter(key)).as("the copy").isEqualTo(2);

        readerClock.addAndGet(CounterCopies.TRUST.toNanos());

        assertThat(reader.counter(key)).as("Redis counts afresh").isZero();
        assertThat(reader.increment(key)).isEqualTo(1);
        assertThat(reader.counter(key)).isEqualTo(1);
    }

    @Test
    void whileRedisIsDownCountersFailAndTheCopiesAreGone(TestInfo test) {
        String key = key(test);
        reader.increment(key);
        server.stop();
        try {
            // The subscription breaks with the server, and its copies go with it.
            await().atMost(AWAIT)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> catchThrowable(() -> reader.counter(key)) instanceof DependencyException);
        } finally {
            server.restart();
        }
        await().atMost(AWAIT).ignoreExceptions().until(() -> reader.counter(key) == 0);
    }

    /**
     * Until the reader's subscription is live, and its copies dropped once as it went live, a test could not tell
     * a copy from a dropped one. Only a notification or that drop can bring a probe's new value to the standing clock.
     */
    private void awaitReaderSubscribed(String probe) {
        reader.counter(probe);
        long written = writer.increment(probe);
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> reader.counter(probe) == written);
    }

    private static String key(TestInfo test) {
        return "corpus-version:" + test.getDisplayName();
    }
}
