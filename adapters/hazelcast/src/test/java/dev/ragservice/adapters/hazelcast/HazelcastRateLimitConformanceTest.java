package dev.ragservice.adapters.hazelcast;

import dev.ragservice.conformance.ratelimit.RateLimitStoreConformance;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The Hazelcast store passes the rate-limit conformance kit on a cluster of two real members, so about half of
 * the keys live on the other member and every decision there crosses the network.
 */
class HazelcastRateLimitConformanceTest extends RateLimitStoreConformance {

    private static TestCluster cluster;
    private static RateLimitStore store;

    @BeforeContainer
    static void start() {
        cluster = TestCluster.start("rate-limit-conformance", 2);
        // Generous: the kit is about decisions, not latency, and the machine is shared.
        store = new HazelcastRateLimitStore(cluster.member(0), Duration.ofSeconds(5), () -> { });
    }

    @AfterContainer
    static void stop() {
        cluster.close();
    }

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
