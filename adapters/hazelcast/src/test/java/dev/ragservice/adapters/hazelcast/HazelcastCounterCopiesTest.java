package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import dev.ragservice.conformance.cache.SharedCounterConformance;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CounterCopies;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas' members, each cache answering counters from local copies: the shared-counter kit, and what a cluster
 * can do to them (a counter that goes back, members joining and leaving). The reader's copies age by a clock the
 * test drives, which stands still unless a test moves it, so whatever the reader sees beyond its copy came from an
 * event or a dropped copy, never from the copy getting old.
 */
@Timeout(120)
class HazelcastCounterCopiesTest extends SharedCounterConformance {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final AtomicLong readerClock = new AtomicLong();
    private TestCluster cluster;
    private int replicas;
    private Cache reader;

    /** Replicas take turns on the two members, so a reader and a writer are never on the same one. */
    @Override
    protected Cache newReplica(LongSupplier nanoTime) {
        return new HazelcastCache(cluster.member(replicas++ % 2), Duration.ofSeconds(2), () -> {}, nanoTime);
    }

    @BeforeEach
    void startTwoReplicas() {
        cluster = TestCluster.start("counter-copies", 2);
        reader = replica(readerClock::get);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
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
        assertThat(reader.counter(key))
                .as("the copy, trusted for just under a second")
                .isEqualTo(2);
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
