package dev.ragservice.adapters.redis;

import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.RedisClient;

/**
 * Rate limits in Redis, shared by every replica that points at the same server and database. Token buckets are
 * Bucket4j's (compare-and-swap of the bucket's state); sliding windows are a Lua script over a sorted set of
 * grants, so each decision is one atomic round trip. Keys are {@code REDIS_KEY_PREFIX + "ratelimit:" + ...};
 * each expires a minute after its state would have been full (or empty) again.
 *
 * <p>The clock of every decision is the caller's {@code now} (Bucket4j's client-side clock), so replicas agree
 * as far as their clocks do (NTP keeps that to milliseconds).
 */
public final class RedisRateLimitStore implements RateLimitStore {

    /** Extra time an idle key is kept: forgetting it any sooner could only admit more than the limit. */
    private static final Duration KEEP = Duration.ofMinutes(1);
    private static final String SLIDING_WINDOW_SCRIPT = script("sliding-window.lua");

    private final RedisClient client;
    private final RedisCalls calls;
    private final String keyPrefix;

    RedisRateLimitStore(RedisClient client, RedisSettings settings) {
        this.client = client;
        this.calls = new RedisCalls(client, settings);
        this.keyPrefix = settings.keyPrefix() + "ratelimit:";
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        if (permits < 1 || permits > limit.capacity()) {
            throw new IllegalArgumentException("permits must be within 1.." + limit.capacity() + ", got " + permits);
        }
        if (limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            ConsumptionProbe probe = calls.call("token bucket",
                    () -> bucket(key, limit, now).tryConsumeAndReturnRemaining(permits));
            return RateLimitDecision.ofTokenBucket(probe.isConsumed(), limit.capacity(), probe.getRemainingTokens(),
                    probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
        }
        List<?> reply = (List<?>) slidingWindow(key, limit, permits, "acquire", now);
        long remaining = (Long) reply.get(1);
        Duration reset = Duration.ofMillis((Long) reply.get(3));
        return (Long) reply.get(0) == 1
                ? RateLimitDecision.allowed(limit.capacity(), remaining, reset)
                : RateLimitDecision.rejected(limit.capacity(), remaining, Duration.ofMillis((Long) reply.get(2)), reset);
    }

    @Override
    public void adjust(String key, RateLimit limit, long permits, Instant now) {
        if (permits == 0) {
            return;
        }
        if (limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            slidingWindow(key, limit, permits, "adjust", now);
        } else if (permits > 0) {
            calls.call("token bucket", () -> bucket(key, limit, now).consumeIgnoringRateLimits(permits));
        } else {
            calls.call("token bucket", () -> {
                bucket(key, limit, now).addTokens(-permits);
                return null;
            });
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

    /** A proxy whose clock is this call's {@code now}; building one is cheap (it holds no connection). */
    private BucketProxy bucket(String key, RateLimit limit, Instant now) {
        return Bucket4jJedis.casBasedBuilder(client)
                .clientClock(new FixedTime(now))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP))
                .build()
                .getProxy(bytes(limit.signature() + ":" + key), () -> BucketConfiguration.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit.capacity())
                                .refillGreedy(limit.refillTokens(), limit.period())
                                .initialTokens(limit.capacity())
                                .build())
                        .build());
    }

    private Object slidingWindow(String key, RateLimit limit, long permits, String operation, Instant now) {
        List<String> args = List.of(
                Long.toString(now.toEpochMilli()),
                Long.toString(limit.period().toMillis()),
                Long.toString(limit.capacity()),
                Long.toString(permits),
                operation,
                UUID.randomUUID().toString(),
                Long.toString(KEEP.toMillis()));
        String redisKey = keyPrefix + limit.signature() + ":" + key;
        return calls.call("sliding window", () -> client.eval(SLIDING_WINDOW_SCRIPT, List.of(redisKey), args));
    }

    private byte[] bytes(String key) {
        return (keyPrefix + key).getBytes(StandardCharsets.UTF_8);
    }

    private static String script(String name) {
        try (InputStream in = RedisRateLimitStore.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bucket4j's client-side clock, stopped at the caller's {@code now}. */
    private record FixedTime(Instant now) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
