package dev.ragservice.adapters.redis;

import dev.ragservice.conformance.ratelimit.RateLimitStoreConformance;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Redis store passes the rate-limit conformance kit against a real redis-server. */
class RedisRateLimitConformanceTest extends RateLimitStoreConformance {

    private static RedisServer server;
    private static RateLimitStore store;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        // Generous: the kit is about decisions, not latency, and the machine is shared.
        store = new RedisRateLimitStoreProvider()
                .create(PluginConfig.of(
                        Map.of("REDIS_URL", server.url(), "REDIS_TIMEOUT_MS", "2000", "REDIS_KEY_PREFIX", "test:")));
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
