package dev.ragservice.adapters.redis;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.RateLimitStoreProvider;

/**
 * {@code RATE_LIMIT_BACKEND=redis}: limits shared by every replica through one Redis server, with the cache's
 * settings ({@code REDIS_URL}, {@code REDIS_TIMEOUT_MS}, ...) and a pool of its own. It connects lazily, so the
 * service starts while Redis is down.
 */
public final class RedisRateLimitStoreProvider implements RateLimitStoreProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public RateLimitStore create(PluginConfig config) {
        RedisSettings settings = RedisSettings.from(config);
        return new RedisRateLimitStore(RedisClients.create(settings), settings);
    }
}
