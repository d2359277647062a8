package dev.ragservice.adapters.redis;

import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

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
        return new RedisCache(client(settings), settings);
    }

    private static RedisClient client(RedisSettings settings) {
        int millis = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder connection = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .database(settings.database())
                .ssl(settings.tls())
                .clientName("rag-service");
        if (settings.user() != null) {
            connection.user(settings.user());
        }
        if (settings.password() != null) {
            connection.password(settings.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        // Without a bound, a burst larger than the pool would queue behind a slow Redis indefinitely.
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.timeout());
        return RedisClient.builder()
                .hostAndPort(settings.host(), settings.port())
                .clientConfig(connection.build())
                .poolConfig(pool)
                .build();
    }
}
