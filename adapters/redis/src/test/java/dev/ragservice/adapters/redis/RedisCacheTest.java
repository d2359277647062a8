package dev.ragservice.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.CacheProvider;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The cache contract against a real redis-server of this class's own. */
class RedisCacheTest {

    // Generous: these tests are about behaviour, not latency, and the machine is shared.
    private static final String TIMEOUT = "1000";
    private static final Duration LONG = Duration.ofMinutes(5);

    private static RedisServer server;
    private static RedisCache cache;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
        cache = server.cache("REDIS_TIMEOUT_MS", TIMEOUT);
    }

    @AfterAll
    static void stopServer() {
        if (cache != null) {
            cache.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void providerIsFoundByItsName() {
        List<CacheProvider> redis = ServiceLoader.load(CacheProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("redis"))
                .toList();

        assertThat(redis).singleElement().isInstanceOf(RedisCacheProvider.class);
    }

    @Test
    void binaryValuesRoundTripByteForByte(TestInfo test) {
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        cache.put(key(test, "all"), everyByte, LONG);
        cache.put(key(test, "empty"), new byte[0], LONG);

        assertThat(cache.get(key(test, "all"))).hasValueSatisfying(value -> assertThat(value).isEqualTo(everyByte));
        assertThat(cache.get(key(test, "empty"))).hasValueSatisfying(value -> assertThat(value).isEmpty());
    }

    @Test
    void aMissingKeyIsEmpty(TestInfo test) {
        assertThat(cache.get(key(test, "never-written"))).isEmpty();
    }

    @Test
    void putReplacesTheValue(TestInfo test) {
        cache.put(key(test, "k"), new byte[] {1}, LONG);
        cache.put(key(test, "k"), new byte[] {2}, LONG);

        assertThat(cache.get(key(test, "k"))).hasValueSatisfying(value -> assertThat(value).containsExactly(2));
    }

    @Test
    void entriesExpireAfterTheirTtl(TestInfo test) {
        cache.put(key(test, "short"), new byte[] {1}, Duration.ofMillis(300));
        cache.put(key(test, "long"), new byte[] {2}, LONG);
        assertThat(cache.get(key(test, "short"))).isPresent();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> cache.get(key(test, "short")).isEmpty());
        assertThat(cache.get(key(test, "long"))).isPresent();
    }

    @Test
    void entriesCarryATtlAndCountersDoNot(TestInfo test) {
        // The premise of the volatile-* maxmemory policy: Redis may evict only what has a TTL.
        cache.put(key(test, "entry"), new byte[] {1}, Duration.ofSeconds(60));
        cache.increment(key(test, "counter"));

        assertThat(Long.parseLong(server.command("PTTL", key(test, "entry")).substring(1)))
                .isBetween(1L, 60_000L);
        assertThat(server.command("PTTL", key(test, "counter"))).isEqualTo(":-1");
    }

    @Test
    void aCounterIsZeroUntilIncrementedThenCountsFromOne(TestInfo test) {
        assertThat(cache.counter(key(test, "c"))).isZero();
        assertThat(cache.increment(key(test, "c"))).isEqualTo(1);
        assertThat(cache.increment(key(test, "c"))).isEqualTo(2);
        assertThat(cache.counter(key(test, "c"))).isEqualTo(2);
    }

    @Test
    void incrementIsAtomicAcrossThreads(TestInfo test) throws Exception {
        int threads = 8;
        int perThread = 250;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = IntStream.range(0, threads).<Future<?>>mapToObj(i -> pool.submit(() -> {
                start.await();
                for (int n = 0; n < perThread; n++) {
                    seen.add(cache.increment(key(test, "c")));
                }
                return null;
            })).toList();
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        assertThat(cache.counter(key(test, "c"))).isEqualTo((long) threads * perThread);
        // Every increment got its own number: no two callers saw the same version.
        assertThat(seen).hasSize(threads * perThread).contains(1L, (long) threads * perThread);
    }

    @Test
    void twoReplicasSeeEachOthersEntriesAndCounters(TestInfo test) {
        try (RedisCache other = server.cache("REDIS_TIMEOUT_MS", TIMEOUT)) {
            cache.put(key(test, "answer"), new byte[] {42}, LONG);
            other.increment(key(test, "version"));
            cache.increment(key(test, "version"));

            assertThat(other.get(key(test, "answer"))).hasValueSatisfying(v -> assertThat(v).containsExactly(42));
            assertThat(cache.counter(key(test, "version"))).isEqualTo(2);
            // The other replica holds a copy from its own increment: the new value reaches it by notification.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> other.counter(key(test, "version")) == 2);
        }
    }

    @Test
    void aKeyPrefixSeparatesServicesSharingOneRedis(TestInfo test) {
        try (RedisCache blue = server.cache("REDIS_TIMEOUT_MS", TIMEOUT, "REDIS_KEY_PREFIX", "blue:");
             RedisCache green = server.cache("REDIS_TIMEOUT_MS", TIMEOUT, "REDIS_KEY_PREFIX", "green:")) {
            blue.put(key(test, "k"), new byte[] {1}, LONG);
            blue.increment(key(test, "v"));

            assertThat(green.get(key(test, "k"))).isEmpty();
            assertThat(green.counter(key(test, "v"))).isZero();
            assertThat(server.command("EXISTS", "blue:" + key(test, "k"))).isEqualTo(":1");
        }
    }

    @Test
    void aCounterOverAnEntryIsRejected(TestInfo test) {
        cache.put(key(test, "k"), "not a number".getBytes(), LONG);

        assertThatThrownBy(() -> cache.counter(key(test, "k")))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.dependency()).isEqualTo("redis");
                    assertThat(e.kind()).isEqualTo(DependencyException.Kind.REJECTED);
                    assertThat(e.getMessage()).doesNotContain("not a number");
                });
        assertThatThrownBy(() -> cache.increment(key(test, "k")))
                .isInstanceOfSatisfying(DependencyException.class,
                        e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.REJECTED));
    }

    @Test
    void aTtlMustBePositive(TestInfo test) {
        assertThatThrownBy(() -> cache.put(key(test, "k"), new byte[] {1}, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.get(key(test, "k"))).isEmpty();
    }

    @Test
    void isAvailableWhileRedisAnswers() {
        assertThat(cache.isAvailable()).isTrue();
    }

    private static String key(TestInfo test, String name) {
        return test.getTestMethod().orElseThrow().getName() + ":" + name;
    }
}
