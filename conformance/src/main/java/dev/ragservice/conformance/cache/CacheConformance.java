package dev.ragservice.conformance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The conformance kit of the {@link Cache} port: every cache, built in or third party, extends this class in its
 * tests and returns the cache under test from {@link #cache()}. One cache may serve the whole class: every test
 * uses keys of its own.
 *
 * <p>It checks one instance: a miss, values of any bytes, overwrites, expiry after the TTL (and not before), the
 * rule for a TTL that is not positive (the entry expires at once: nothing is stored and an older entry is gone),
 * counters that start at 0, count every increment of many threads and never expire, keys of any characters, and
 * availability. Time is real: the kit waits for an expiry by polling, never by sleeping a guessed time.
 */
public abstract class CacheConformance {

    /** Short enough to wait for, long enough that the read right after a put falls well within it. */
    private static final Duration SHORT_TTL = Duration.ofSeconds(1);
    /** Longer than any test: an entry with it must still be there at the end. */
    private static final Duration LONG_TTL = Duration.ofHours(1);
    /** How much later than its TTL (and the cache's declared lateness) an expiry may be seen on a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    /** A prefix of this test's own (JUnit makes an instance per test), so tests never meet each other's keys. */
    private final String prefix = "conformance:" + UUID.randomUUID() + ":";

    protected abstract Cache cache();

    /**
     * How long after its TTL an expired entry may still be read: a TTL rounded up to the backend's resolution, a
     * near cache's copy. Zero unless the cache's tests say otherwise.
     */
    protected Duration expiryLateness() {
        return Duration.ZERO;
    }

    @Test
    void aKeyNeverWrittenIsMissing() {
        assertThat(cache().get(key("never-written"))).isEmpty();
    }

    @Test
    void valuesComeBackByteForByte() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = new byte[1 << 20];
        new Random(20240611).nextBytes(large);

        for (byte[] value : List.of(new byte[0], everyByte, large)) {
            String key = key("value-of-" + value.length);
            cache().put(key, value, LONG_TTL);

            assertHolds(key, value);
        }
    }

    @Test
    void randomValuesComeBackByteForByte() {
        Gen<byte[]> values = Generate.byteArrays(
                integers().between(0, 4096), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        qt().withExamples(100).forAll(values).checkAssert(value -> {
            String key = key(UUID.randomUUID().toString());
            cache().put(key, value, LONG_TTL);

            assertHolds(key, value);
        });
    }

    @Test
    void aPutReplacesTheValue() {
        String key = key("k");
        cache().put(key, new byte[] {1, 2, 3}, LONG_TTL);

        cache().put(key, new byte[] {9}, LONG_TTL);
        assertHolds(key, new byte[] {9});

        cache().put(key, new byte[0], LONG_TTL);
        assertHolds(key, new byte[0]);
    }

    /**
     * Read as soon as it is written and then until it is gone: every read that finished before the TTL had passed
     * since the put began must find the entry, and it must be gone soon after the TTL.
     */
    @Test
    void anEntryIsServedForItsTtlAndThenExpires() {
        String expiring = key("expiring");
        String kept = key("kept");
        String counter = key("counter");
        byte[] value = {4, 2};
        cache().put(kept, value, LONG_TTL);
        cache().increment(counter);

        long putAt = System.nanoTime();
        cache().put(expiring, value, SHORT_TTL);

        await().atMost(SHORT_TTL.plus(expiryLateness()).plus(SLACK))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Optional<byte[]> read = cache().get(expiring);
                    Duration sincePut = Duration.ofNanos(System.nanoTime() - putAt);
                    if (read.isPresent()) {
                        assertThat(read.get()).isEqualTo(value);
                        return false;
                    }
                    assertThat(sincePut)
                            .as("missing %s after a put with a TTL of %s", sincePut, SHORT_TTL)
                            .isGreaterThanOrEqualTo(SHORT_TTL);
                    return true;
                });
        assertHolds(kept, value);
        assertThat(cache().counter(counter)).as("counters never expire").isEqualTo(1);
    }

    @ParameterizedTest(name = "ttl {0} ms")
    @ValueSource(longs = {0, -1, -86_400_000})
    void aTtlThatIsNotPositiveStoresNothing(long ttlMillis) {
        String key = key("never-stored");

        cache().put(key, new byte[] {1}, Duration.ofMillis(ttlMillis));

        assertThat(cache().get(key)).isEmpty();
    }

    @ParameterizedTest(name = "ttl {0} ms")
    @ValueSource(longs = {0, -1, -86_400_000})
    void aTtlThatIsNotPositiveRemovesTheEntryTheKeyHeld(long ttlMillis) {
        String key = key("replaced");
        String other = key("other");
        cache().put(key, new byte[] {1}, LONG_TTL);
        cache().put(other, new byte[] {2}, LONG_TTL);

        cache().put(key, new byte[] {3}, Duration.ofMillis(ttlMillis));

        assertThat(cache().get(key))
                .as("an entry that expired at once, and the one it replaced")
                .isEmpty();
        assertHolds(other, new byte[] {2});
    }

    @Test
    void countersStartAtZeroAndEachIncrementReturnsTheNewValue() {
        String counter = key("counter");
        String other = key("other-counter");
        assertThat(cache().counter(counter)).isZero();

        assertThat(cache().increment(counter)).isEqualTo(1);
        assertThat(cache().increment(counter)).isEqualTo(2);
        assertThat(cache().increment(counter)).isEqualTo(3);

        assertThat(cache().counter(counter)).isEqualTo(3);
        assertThat(cache().counter(other)).isZero();
        assertThat(cache().increment(other)).isEqualTo(1);
        assertThat(cache().counter(counter)).isEqualTo(3);
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws Exception {
        String counter = key("counter");
        int threads = 8;
        int perThread = 200;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        seen.add(cache().increment(counter));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        long total = (long) threads * perThread;
        assertThat(cache().counter(counter)).isEqualTo(total);
        // Every increment got a number of its own: 1 to total, each once.
        assertThat(seen).hasSize(threads * perThread).contains(1L, total);
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(
            strings = {
                "", " ", "a b", "a:b", "*", "?", "[a-z]", "%s", "\\", "\"", "\n", "\t", "\0", "ключ", "東京", "🔑",
                "e\u0301", "\uFEFF"
            })
    void keysMayHoldAnyCharacters(String name) {
        String entry = key("entry:" + name);
        String counter = key("counter:" + name);

        cache().put(entry, new byte[] {7}, LONG_TTL);
        cache().increment(counter);

        assertHolds(entry, new byte[] {7});
        assertThat(cache().counter(counter)).isEqualTo(1);
        assertThat(cache().get(key("entry:" + name + "x"))).isEmpty();
    }

    /** Keys that differ in any character are different keys. */
    @Test
    void keysOfRandomCharactersNeverMeet() {
        // Any Unicode character, that is any code point but the surrogates, which no encoding keeps alone.
        int surrogates = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
        Gen<Integer> characters = integers()
                .between(0, Character.MAX_CODE_POINT - surrogates)
                .map(n -> n < Character.MIN_SURROGATE ? n : n + surrogates);
        Gen<String> names = Generate.intArrays(integers().between(1, 12), characters)
                .map(codePoints -> new String(codePoints, 0, codePoints.length));
        qt().withExamples(100).forAll(names, names).checkAssert((first, second) -> {
            String example = UUID.randomUUID() + ":";
            cache().put(key(example + first), new byte[] {1}, LONG_TTL);
            cache().put(key(example + second), new byte[] {2}, LONG_TTL);

            assertHolds(key(example + first), first.equals(second) ? new byte[] {2} : new byte[] {1});
            assertHolds(key(example + second), new byte[] {2});
        });
    }

    @Test
    void isAvailableWhileTheBackendRuns() {
        assertThat(cache().isAvailable()).isTrue();
    }

    /** A key of this test's own. */
    private String key(String name) {
        return prefix + name;
    }

    private void assertHolds(String key, byte[] expected) {
        assertThat(cache().get(key))
                .as("the value of %s", key)
                .hasValueSatisfying(value -> assertThat(value).isEqualTo(expected));
    }
}
