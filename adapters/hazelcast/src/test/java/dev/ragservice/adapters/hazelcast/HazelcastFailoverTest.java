package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ragservice.ports.DependencyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Members leave, abruptly or politely; the corpus versions stay and the remaining member keeps serving. */
@Timeout(120)
class HazelcastFailoverTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private TestCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = TestCluster.start("failover-test", 2);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void countersSurviveTheAbruptLossOfAMember() {
        List<String> keys = counterKeys(60);
        for (String key : keys) {
            cluster.cache(0).increment(key);
            cluster.cache(1).increment(key);
            cluster.cache(0).increment(key);
        }
        // Without a backup, the counters the lost member owned would start again at zero.
        assertThat(keys.stream().filter(key -> cluster.ownerOf(key) == 1)).isNotEmpty();

        cluster.member(1).getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.member(0).getCluster().getMembers().size() == 1);

        // Read by a cache without copies: the incrementing one's copies could hide a counter the loss reset.
        HazelcastCache survivor = cluster.cacheWithoutCopies(0);
        // Until the survivor has promoted its backups, reads of the lost member's partitions fail (quickly).
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> keys.stream().allMatch(key -> survivor.counter(key) >= 0));
        for (String key : keys) {
            assertThat(survivor.counter(key)).as(key).isEqualTo(3);
        }
        assertThat(survivor.increment(keys.get(0))).isEqualTo(4);
    }

    @Test
    void theOtherMemberServesWhenOneShutsDown() {
        HazelcastCache leaving = cluster.cache(1);
        HazelcastCache staying = cluster.cache(0);
        for (int i = 0; i < 20; i++) {
            leaving.put("entry-" + i, new byte[] {(byte) i}, LONG);
            leaving.increment("version-" + i);
        }

        leaving.close();

        assertThat(staying.isAvailable()).isTrue();
        for (int i = 0; i < 20; i++) {
            byte expected = (byte) i;
            // A graceful shutdown hands the partitions over, so even entries (which have no backup) stay.
            assertThat(staying.get("entry-" + i))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(expected));
            assertThat(staying.counter("version-" + i)).isEqualTo(1);
        }
        staying.put("after", new byte[] {1}, LONG);
        assertThat(staying.get("after")).isPresent();
    }

    @Test
    void aClosedMembersCacheFailsFastAndSaysSo() {
        HazelcastCache closed = cluster.cache(1);
        closed.close();

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> closed.get("k"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(thrown).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.dependency()).isEqualTo("hazelcast");
            assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE);
        });
        assertThat(closed.isAvailable()).isFalse();
    }

    private static List<String> counterKeys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("corpus-version:namespace-" + i);
        }
        return keys;
    }
}
