package dev.ragservice.adapters.redis;

import dev.ragservice.conformance.cache.CacheConformance;
import dev.ragservice.ports.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Redis cache passes the cache conformance kit against a real redis-server of this class's own. */
class RedisCacheConformanceTest extends CacheConformance {

    private static RedisServer server;
    private static RedisCache cache;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        // Generous: the kit is about behaviour, not latency, and the machine is shared.
        cache = server.cache("REDIS_TIMEOUT_MS", "2000");
    }

    @AfterAll
    static void stop() {
        if (cache != null) {
            cache.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Cache cache() {
        return cache;
    }
}
