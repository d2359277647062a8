package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import dev.ragservice.ports.cache.CounterCopies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas' members, each cache answering counters from local copies: the reader's copies age by a clock the
 * test drives, which stands still unless a test moves it, so whatever the reader sees beyond its copy came from an
 * event or a dropped copy, never from the copy getting old.
 */
@Timeout(120)
class HazelcastCounterCopiesTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final AtomicLong readerClock = new AtomicLong();
    private TestCluster cluster;
    private HazelcastCache reader;
    private HazelcastCache writer;

    @BeforeEach
    void startTwoReplicas() {
        cluster = TestCluster.start("counter-copies", 2);
        reader = new HazelcastCache(cluster.member(0), Duration.ofSeconds(2), () -> { }, readerClock::get);
        writer = cluster.cache(1);
    }

    @AfterEach
    void stopCluster() {
        reader.close();
        cluster.close();
    }

    @Test
    void anotherReplicasIncrementIsSeenAtOnce(TestInfo test) {
        String key = key(test);
        assertThat(reader.counter(key)).isZero();

        long written = writer.increment(key);

        await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> reader.counter(key) == written);
    }

    @Test
    void aReplicaAlwaysReadsItsOwnIncrement(TestInfo test) throws Exception {
        String key = key(test);
        reader.counter(key);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int t = 0; t < 6; t++) {
                boolean incrementsHere = t % 2 == 0;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < 100; n++) {
                        if (incrementsHere) {
                            long own = reader.increment(key);
                            assertThat(reader.counter(key)).as("read after incrementing to %d", own)
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
    }

    @Test
    void aChangeNoEventCanCarryIsSeenOnceTheCopyIsNoLongerTrusted(TestInfo test) {
        String key = key(test);
        reader.increment(key);
        reader.increment(key);
        // A counter that went back (written over directly, as a lost member's data would be): its event cannot
        // lower a copy, so only asking the cluster again shows it.
        counterMapOf(1).set(key, 0L);

        readerClock.addAndGet(CounterCopies.TRUST.toNanos() - 1);
        assertThat(reader.counter(key)).as("the copy, trusted for just under a second").isEqualTo(2);
        readerClock.addAndGet(1);
        assertThat(reader.counter(key)).as("read again from the cluster").isZero();
    }

    @Test
    void aMemberJoiningOrLeavingDropsTheCopies(TestInfo test) {
        String key = key(test);
        reader.increment(key);
        counterMapOf(1).set(key, 0L);
        assertThat(reader.counter(key)).as("the copy").isEqualTo(1);

        cluster.addMember();

        await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> reader.counter(key) == 0);

        cluster.awaitClusterSafe();
        reader.increment(key);
        counterMapOf(1).set(key, 0L);
        assertThat(reader.counter(key)).as("the copy").isEqualTo(1);

        cluster.member(2).shutdown();

        await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> reader.counter(key) == 0);
    }

    private IMap<String, Long> counterMapOf(int member) {
        return cluster.member(member).getMap(HazelcastSettings.COUNTERS_MAP);
    }

    private static String key(TestInfo test) {
        return "corpus-version:" + test.getDisplayName();
    }
}
