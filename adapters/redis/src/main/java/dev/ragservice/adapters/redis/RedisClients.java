package dev.ragservice.adapters.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The connections every port of this adapter uses, bounded in every wait by {@code REDIS_TIMEOUT_MS}. */
final class RedisClients {

    private RedisClients() {}

    static RedisClient create(RedisSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        // Without a bound, a burst larger than the pool would queue behind a slow Redis indefinitely.
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.timeout());
        return RedisClient.builder()
                .hostAndPort(settings.host(), settings.port())
                .clientConfig(clientConfig(settings))
                .poolConfig(pool)
                .build();
    }

    /**
     * One connection outside the pool, connected and authenticated now, for a subscription: a subscribed
     * connection can serve nothing else, and waits for messages without the socket timeout.
     */
    static Connection connect(RedisSettings settings) {
        return new Connection(new HostAndPort(settings.host(), settings.port()), clientConfig(settings));
    }

    private static JedisClientConfig clientConfig(RedisSettings settings) {
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
        return connection.build();
    }
}
