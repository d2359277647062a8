package dev.ragservice.adapters.local.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.SlidingWindowLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code RATE_LIMIT_BACKEND=memory}: limits kept in this process only, so each replica admits the limit on its
 * own. Token buckets are Bucket4j's; sliding windows are the reference {@link SlidingWindowLog}, replaced
 * atomically per key. A key is forgotten a minute after its state would have been full again (real time),
 * which bounds memory by the number of recently active clients.
 */
public final class MemoryRateLimitStore implements RateLimitStore {

    /** Extra time an idle key is kept: forgetting it any sooner could only admit more than the limit. */
    static final Duration KEEP = Duration.ofMinutes(1);

    private final Cache<String, LocalTokenBucket> buckets = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, LocalTokenBucket>writing(
                    (key, bucket) -> bucket.untilFull().plus(KEEP)))
            .build();
    private final Cache<String, TimedLog> windows = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, TimedLog>writing((key, log) -> log.keep()))
            .build();

    /** A log and how long it stays relevant. */
    private record TimedLog(SlidingWindowLog log, Duration keep) {
        static TimedLog of(SlidingWindowLog log, RateLimit limit, Instant now) {
            return new TimedLog(
                    log,
                    log.resetAfter(limit.period().toMillis(), now.toEpochMilli())
                            .plus(KEEP));
        }
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        String stateKey = limit.signature() + ":" + key;
        if (limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            LocalTokenBucket bucket = buckets.get(stateKey, unused -> new LocalTokenBucket(limit, now));
            RateLimitDecision decision = bucket.tryAcquire(permits, now);
            buckets.put(stateKey, bucket); // renews the expiry from the bucket's new level
            return decision;
        }
        RateLimitDecision[] decision = new RateLimitDecision[1];
        windows.asMap().compute(stateKey, (unused, current) -> {
            SlidingWindowLog.Outcome outcome = (current == null ? SlidingWindowLog.EMPTY : current.log())
                    .tryAcquire(limit, permits, now.toEpochMilli());
            decision[0] = outcome.decision();
            return TimedLog.of(outcome.log(), limit, now);
        });
        return decision[0];
    }

    @Override
    public void adjust(String key, RateLimit limit, long permits, Instant now) {
        String stateKey = limit.signature() + ":" + key;
        if (limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            LocalTokenBucket bucket = buckets.get(stateKey, unused -> new LocalTokenBucket(limit, now));
            bucket.adjust(permits, now);
            buckets.put(stateKey, bucket);
            return;
        }
        windows.asMap()
                .compute(
                        stateKey,
                        (unused, current) -> TimedLog.of(
                                (current == null ? SlidingWindowLog.EMPTY : current.log())
                                        .adjust(limit, permits, now.toEpochMilli()),
                                limit,
                                now));
    }

    /** Reads without creating state: a key never seen (or forgotten) is full. */
    @Override
    public Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
        String stateKey = limit.signature() + ":" + key;
        if (limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            LocalTokenBucket bucket = buckets.getIfPresent(stateKey);
            return Optional.of(
                    bucket == null
                            ? RateLimitDecision.allowed(limit.capacity(), limit.capacity(), Duration.ZERO)
                            : bucket.peek(now));
        }
        TimedLog current = windows.getIfPresent(stateKey);
        return Optional.of((current == null ? SlidingWindowLog.EMPTY : current.log()).peek(limit, now.toEpochMilli()));
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void close() {
        buckets.invalidateAll();
        windows.invalidateAll();
    }
}
