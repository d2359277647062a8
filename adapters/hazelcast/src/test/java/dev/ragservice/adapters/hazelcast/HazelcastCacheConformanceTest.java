package dev.ragservice.adapters.hazelcast;

import dev.ragservice.conformance.cache.CacheConformance;
import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Hazelcast cache passes the cache conformance kit on a cluster of two real members with the near cache on, so
 * about half of the keys live on the other member and their reads go through the near cache.
 */
class HazelcastCacheConformanceTest extends CacheConformance {

    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start("cache-conformance", 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Cache cache() {
        return cluster.cache(0);
    }

    /**
     * Entries live their TTL rounded up to whole seconds plus one, and a near-cached copy of an entry that expired
     * on its owner may be served until the near cache's own TTL ends.
     */
    @Override
    protected Duration expiryLateness() {
        return Duration.ofSeconds(2 + HazelcastSettings.NEAR_CACHE_TTL_SECONDS);
    }
}
