package dev.ragservice.adapters.redis;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CounterCopies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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
 * <p>Every query reads its namespace's counter, so counters are answered from local {@link CounterCopies}: an
 * increment is one script that also publishes the new value on the channel
 * {@code REDIS_KEY_PREFIX + "counters:" + database} (Pub/Sub ignores databases), which every replica's
 * {@link CounterSubscription} listens to. A copy is read again from Redis at the latest a second after it was last
 * confirmed, and while Redis cannot be reached there are no copies: counters fail as every other call does.
 *
 * <p>Every call is bounded by the connect and socket timeouts (and, when every pooled connection is busy, by
 * the same wait for a free one), so a dead or stalled Redis costs a query tens of milliseconds, not a hang.
 */
public final class RedisCache implements Cache, AutoCloseable {

    private static final RedisScript INCREMENT = RedisScript.load("increment-and-publish.lua");

    private final RedisClient client;
    private final RedisCalls calls;
    private final String keyPrefix;
    private final String channel;
    private final CounterCopies copies;
    private final CounterSubscription subscription;

    RedisCache(RedisClient client, RedisSettings settings) {
        this(client, settings, System::nanoTime);
    }

    /** @param nanoTime the clock that ages counter copies; tests drive their own */
    RedisCache(RedisClient client, RedisSettings settings, LongSupplier nanoTime) {
        this.client = client;
        this.calls = new RedisCalls(client, settings);
        this.keyPrefix = settings.keyPrefix();
        this.channel = settings.keyPrefix() + "counters:" + settings.database();
        this.copies = new CounterCopies(nanoTime);
        this.subscription = CounterSubscription.start(settings, channel, copies);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(call("GET", () -> client.get(bytes(key))));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        if (!ttl.isPositive()) {
            calls.call("DEL", () -> client.del(bytes(key)));
            return;
        }
        // PX has millisecond resolution; rounding a sub-millisecond TTL down to 0 would be an error in Redis.
        long millis = Math.max(1, ttl.toMillis());
        call("SET", () -> client.set(bytes(key), value, SetParams.setParams().px(millis)));
    }

    @Override
    public long increment(String key) {
        return copies.increment(
                key,
                () -> call(
                        "INCR", () -> (Long) INCREMENT.run(client, List.of(keyPrefix + key), List.of(channel, key))));
    }

    @Override
    public long counter(String key) {
        return copies.read(key, () -> {
            byte[] value = call("GET", () -> client.get(bytes(key)));
            if (value == null) {
                return 0;
            }
            try {
                return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new DependencyException(
                        RedisCalls.DEPENDENCY,
                        Kind.REJECTED,
                        "key '" + key + "' holds something other than a counter",
                        e);
            }
        });
    }

    @Override
    public boolean isAvailable() {
        return calls.ping();
    }

    @Override
    public void close() {
        subscription.close();
        client.close();
    }

    /**
     * A call to Redis; when Redis cannot be reached, the copies go too, so counters fail as every other call does
     * (the subscription, which may have lost messages, drops them as well once it notices).
     */
    private <T> T call(String command, Supplier<T> action) {
        try {
            return calls.call(command, action);
        } catch (DependencyException e) {
            if (e.kind() != Kind.REJECTED) {
                copies.clear();
            }
            throw e;
        }
    }

    private byte[] bytes(String key) {
        return (keyPrefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
