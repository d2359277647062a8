package dev.ragservice.adapters.redis;

import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/**
 * {@code CACHE_BACKEND=redis}: a cache shared by every replica through one Redis server. It connects lazily,
 * so the service starts while Redis is down and simply runs without the cache until Redis answers.
 */
public final class RedisCacheProvider implements CacheProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Cache create(PluginConfig config) {
        RedisSettings settings = RedisSettings.from(config);
        return new RedisCache(RedisClients.create(settings), settings);
    }
}
