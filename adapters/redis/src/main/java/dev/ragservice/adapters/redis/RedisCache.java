package dev.ragservice.adapters.redis;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import dev.ragservice.ports.cache.Cache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link Cache} in Redis, shared by every replica that points at the same server and database.
 *
 * <p>Entries are written with a TTL and counters without one, so a {@code volatile-lru} (or other
 * {@code volatile-*}) maxmemory policy evicts entries under memory pressure but never a corpus version. With an
 * {@code allkeys-*} policy Redis could evict a counter; the next increment would then start again at 1 and could
 * meet answers cached under an old version with the same number.
 *
 * <p>Every call is bounded by the connect and socket timeouts (and, when every pooled connection is busy, by
 * the same wait for a free one), so a dead or stalled Redis costs a query tens of milliseconds, not a hang.
 */
public final class RedisCache implements Cache, AutoCloseable {

    private final RedisClient client;
    private final RedisCalls calls;
    private final String keyPrefix;

    RedisCache(RedisClient client, RedisSettings settings) {
        this.client = client;
        this.calls = new RedisCalls(client, settings);
        this.keyPrefix = settings.keyPrefix();
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(calls.call("GET", () -> client.get(bytes(key))));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        if (!ttl.isPositive()) {
            calls.call("DEL", () -> client.del(bytes(key)));
            return;
        }
        // PX has millisecond resolution; rounding a sub-millisecond TTL down to 0 would be an error in Redis.
        long millis = Math.max(1, ttl.toMillis());
        calls.call("SET", () -> client.set(bytes(key), value, SetParams.setParams().px(millis)));
    }

    @Override
    public long increment(String key) {
        return calls.call("INCR", () -> client.incr(bytes(key)));
    }

    @Override
    public long counter(String key) {
        byte[] value = calls.call("GET", () -> client.get(bytes(key)));
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new DependencyException(RedisCalls.DEPENDENCY, Kind.REJECTED,
                    "key '" + key + "' holds something other than a counter", e);
        }
    }

    @Override
    public boolean isAvailable() {
        return calls.ping();
    }

    @Override
    public void close() {
        client.close();
    }

    private byte[] bytes(String key) {
        return (keyPrefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
