package dev.ragservice.adapters.redis;

import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.RedisClient;

/**
 * Rate limits in Redis, shared by every replica that points at the same server and database. Every decision and
 * every adjustment, whatever the algorithm, is one Lua script run atomically in Redis, so one round trip:
 * {@code token-bucket.lua} (Bucket4j's greedy bucket, as the in-process store has it) over a string per key, and
 * {@code sliding-window.lua} (the reference {@code SlidingWindowLog}) over a sorted set of grants. Keys are
 * {@code REDIS_KEY_PREFIX + "ratelimit:" + ...}; each expires a minute after its state would have been full (or
 * empty) again.
 *
 * <p>The clock of every decision is the caller's {@code now}, in whole milliseconds, so replicas agree as far as
 * their clocks do (NTP keeps that to milliseconds), and tests drive time.
 */
public final class RedisRateLimitStore implements RateLimitStore {

    /** Extra time an idle key is kept: forgetting it any sooner could only admit more than the limit. */
    private static final Duration KEEP = Duration.ofMinutes(1);

    private static final RedisScript TOKEN_BUCKET = RedisScript.load("token-bucket.lua");
    private static final RedisScript SLIDING_WINDOW = RedisScript.load("sliding-window.lua");

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
        return decide(key, limit, permits, "acquire", now);
    }

    @Override
    public Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
        return Optional.of(decide(key, limit, 1, "peek", now));
    }

    private RateLimitDecision decide(String key, RateLimit limit, long permits, String operation, Instant now) {
        if (limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            List<?> reply = tokenBucket(key, limit, permits, operation, now);
            long refill = limit.refillTokens();
            return RateLimitDecision.ofTokenBucket(
                    (Long) reply.get(0) == 1,
                    limit.capacity(),
                    (Long) reply.get(1),
                    nanos((Long) reply.get(2), refill),
                    nanos((Long) reply.get(3), refill));
        }
        List<?> reply = slidingWindow(key, limit, permits, operation, now);
        long remaining = (Long) reply.get(1);
        Duration reset = Duration.ofMillis((Long) reply.get(3));
        return (Long) reply.get(0) == 1
                ? RateLimitDecision.allowed(limit.capacity(), remaining, reset)
                : RateLimitDecision.rejected(
                        limit.capacity(), remaining, Duration.ofMillis((Long) reply.get(2)), reset);
    }

    @Override
    public void adjust(String key, RateLimit limit, long permits, Instant now) {
        if (permits == 0) {
            return;
        }
        if (limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            slidingWindow(key, limit, permits, "adjust", now);
        } else {
            tokenBucket(key, limit, Math.abs(permits), permits > 0 ? "take" : "give", now);
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

    private List<?> tokenBucket(String key, RateLimit limit, long permits, String operation, Instant now) {
        List<String> args = List.of(
                Long.toString(now.toEpochMilli()),
                Long.toString(limit.capacity()),
                Long.toString(limit.refillTokens()),
                Long.toString(limit.period().toMillis()),
                Long.toString(permits),
                operation,
                Long.toString(KEEP.toMillis()));
        // Not where Bucket4j kept its buckets (ratelimit:<signature>:<key>), whose state it encoded otherwise.
        String redisKey = keyPrefix + "bucket:" + limit.signature() + ":" + key;
        return (List<?>) calls.call("token bucket", () -> TOKEN_BUCKET.run(client, List.of(redisKey), args));
    }

    private List<?> slidingWindow(String key, RateLimit limit, long permits, String operation, Instant now) {
        List<String> args = List.of(
                Long.toString(now.toEpochMilli()),
                Long.toString(limit.period().toMillis()),
                Long.toString(limit.capacity()),
                Long.toString(permits),
                operation,
                UUID.randomUUID().toString(),
                Long.toString(KEEP.toMillis()));
        String redisKey = keyPrefix + limit.signature() + ":" + key;
        return (List<?>) calls.call("sliding window", () -> SLIDING_WINDOW.run(client, List.of(redisKey), args));
    }

    /**
     * A wait the script gives in token-milliseconds, in nanoseconds as Bucket4j computes it: its bucket counts the
     * same time in nanoseconds and rounds down once, at the end.
     */
    private static long nanos(long tokenMillis, long refillTokens) {
        return tokenMillis <= Long.MAX_VALUE / 1_000_000
                ? tokenMillis * 1_000_000 / refillTokens
                : (long) ((double) tokenMillis / refillTokens * 1e6);
    }
}
