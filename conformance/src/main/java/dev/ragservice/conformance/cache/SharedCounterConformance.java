package dev.ragservice.conformance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit of counters in a {@link Cache} that replicas share (see {@link Cache#counter}): every shared
 * cache extends this class in its tests and returns, from {@link #newReplica}, a new cache on the one backend its
 * test shares, as another replica of the service would open it. The reader's copies age by a clock that stands
 * still, so what it sees beyond its copy came from a notification or a dropped copy, never from the copy getting
 * old; what a backend does with lost notifications is for its own tests, which can lose them.
 */
public abstract class SharedCounterConformance {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final List<Cache> replicas = new ArrayList<>();

    /** A new cache on the shared backend whose counter copies age by {@code nanoTime}. */
    protected abstract Cache newReplica(LongSupplier nanoTime);

    /** A replica that the kit closes after each test (when it is {@link AutoCloseable}). */
    protected final Cache replica(LongSupplier nanoTime) {
        Cache replica = newReplica(nanoTime);
        replicas.add(replica);
        return replica;
    }

    @AfterEach
    final void closeReplicas() throws Exception {
        for (Cache replica : replicas) {
            if (replica instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        replicas.clear();
    }

    @Test
    void anotherReplicasIncrementIsSeenAtOnce() {
        Cache reader = replica(() -> 0);
        Cache writer = replica(System::nanoTime);
        String key = newKey();
        assertThat(reader.counter(key)).isZero();

        long written = writer.increment(key);

        await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> reader.counter(key) == written);
    }

    @Test
    void aReplicaAlwaysReadsItsOwnIncrement() throws Exception {
        Cache reader = replica(() -> 0);
        Cache writer = replica(System::nanoTime);
        String key = newKey();
        reader.counter(key);
        CountDownLatch start = new CountDownLatch(1);
        int threads = 6;
        int perThread = 100;
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                boolean incrementsHere = t % 2 == 0;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < perThread; n++) {
                        if (incrementsHere) {
                            long own = reader.increment(key);
                            assertThat(reader.counter(key))
                                    .as("read after incrementing to %d", own)
                                    .isGreaterThanOrEqualTo(own);
                        } else {
                            writer.increment(key);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        assertThat(writer.increment(key)).as("every increment counted once").isEqualTo(threads * perThread + 1L);
    }

    private static String newKey() {
        return "conformance:corpus-version:" + UUID.randomUUID();
    }
}
