package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Under memory pressure the entries map stays within its bound and the counters map gives up nothing. */
@Timeout(120)
class HazelcastEvictionTest {

    private static final int LIMIT_MB = 1;
    private static final int ENTRIES = 3_000;
    private static final int ENTRY_BYTES = 2_048; // 3,000 x 2 KB: six times the limit

    private static TestCluster cluster;
    private static HazelcastCache cache;

    @BeforeAll
    static void startMember() {
        cluster = TestCluster.start("eviction-test", 1, "HAZELCAST_MAP_MAX_SIZE_MB", String.valueOf(LIMIT_MB));
        cache = cluster.cache(0);
    }

    @AfterAll
    static void stopMember() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theEntriesMapStaysWithinItsMemoryBound() {
        for (int i = 0; i < ENTRIES; i++) {
            cache.put("entry-" + i, new byte[ENTRY_BYTES], Duration.ofMinutes(5));
        }

        IMap<String, byte[]> entries = cluster.member(0).getMap(HazelcastSettings.ENTRIES_MAP);
        LocalMapStats stats = entries.getLocalMapStats();
        assertThat(entries.size()).isLessThan(ENTRIES);
        // Hazelcast checks the bound before each put, so it may be exceeded by about one entry per partition.
        assertThat(stats.getOwnedEntryMemoryCost()).isLessThanOrEqualTo(LIMIT_MB * 1024L * 1024L * 3 / 2);
        assertThat(cache.get("entry-" + (ENTRIES - 1))).as("the latest entry").isPresent();
    }

    @Test
    void countersAreNeitherEvictedNorExpired() {
        for (int i = 0; i < 2_000; i++) {
            cache.increment("version-" + i);
        }
        for (int i = 0; i < ENTRIES; i++) {
            cache.put("pressure-" + i, new byte[ENTRY_BYTES], Duration.ofMinutes(5));
        }

        HazelcastCache reader = cluster.cacheWithoutCopies(0);
        for (int i = 0; i < 2_000; i++) {
            assertThat(reader.counter("version-" + i)).as("version-" + i).isEqualTo(1);
        }
        IMap<String, Long> counters = cluster.member(0).getMap(HazelcastSettings.COUNTERS_MAP);
        assertThat(counters.getEntryView("version-0").getExpirationTime()).isEqualTo(Long.MAX_VALUE);
    }
}
