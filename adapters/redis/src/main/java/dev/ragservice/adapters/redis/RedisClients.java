package dev.ragservice.adapters.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The pooled client every port of this adapter uses, bounded in every wait by {@code REDIS_TIMEOUT_MS}. */
final class RedisClients {

    private RedisClients() {
    }

    static RedisClient create(RedisSettings settings) {
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
