package dev.ragservice.adapters.hazelcast;

import dev.ragservice.conformance.ratelimit.RateLimitStoreConformance;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Hazelcast store passes the rate-limit conformance kit on a cluster of two real members, so about half of
 * the keys live on the other member and every decision there crosses the network.
 */
class HazelcastRateLimitConformanceTest extends RateLimitStoreConformance {

    private static TestCluster cluster;
    private static RateLimitStore store;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start("rate-limit-conformance", 2);
        // Generous: the kit is about decisions, not latency, and the machine is shared.
        store = new HazelcastRateLimitStore(cluster.member(0), Duration.ofSeconds(5), () -> {});
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
