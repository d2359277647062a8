package dev.ragservice.adapters.local.ratelimit;

import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.time.Instant;

/**
 * One key's Bucket4j bucket. Its clock is the {@code now} of the call: set and read under this object's lock,
 * so the bucket itself needs no synchronization of its own.
 */
final class LocalTokenBucket implements TimeMeter {

    private final RateLimit limit;
    private final LocalBucket bucket;
    private long nowNanos;

    LocalTokenBucket(RateLimit limit, Instant created) {
        this.limit = limit;
        this.nowNanos = nanos(created);
        this.bucket = Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.refillTokens(), limit.period())
                        .initialTokens(limit.capacity())
                        .build())
                .withCustomTimePrecision(this)
                .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                .build();
    }

    synchronized RateLimitDecision tryAcquire(long permits, Instant now) {
        nowNanos = nanos(now);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(permits);
        return RateLimitDecision.ofTokenBucket(
                probe.isConsumed(),
                limit.capacity(),
                probe.getRemainingTokens(),
                probe.getNanosToWaitForRefill(),
                probe.getNanosToWaitForReset());
    }

    /** What an attempt to take one token would be told, taking nothing. */
    synchronized RateLimitDecision peek(Instant now) {
        nowNanos = nanos(now);
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        long missing = limit.capacity() - Math.max(0, probe.getRemainingTokens());
        return RateLimitDecision.ofTokenBucket(
                probe.canBeConsumed(),
                limit.capacity(),
                probe.getRemainingTokens(),
                probe.getNanosToWaitForRefill(),
                limit.nanosToRefill(missing));
    }

    synchronized void adjust(long permits, Instant now) {
        nowNanos = nanos(now);
        if (permits > 0) {
            bucket.consumeIgnoringRateLimits(permits);
        } else if (permits < 0) {
            bucket.addTokens(-permits);
        }
    }

    /** How long this bucket must stay remembered: until it would be full again anyway. */
    synchronized Duration untilFull() {
        long missing = limit.capacity() - bucket.getAvailableTokens();
        return missing <= 0
                ? Duration.ZERO
                : Duration.ofMillis(Math.ceilDiv(missing * limit.period().toMillis(), limit.refillTokens()));
    }

    @Override
    public long currentTimeNanos() {
        return nowNanos;
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
