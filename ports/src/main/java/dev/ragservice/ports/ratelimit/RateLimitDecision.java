package dev.ragservice.ports.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one attempt to take permits: whether they were granted, and what a client should be told
 * (the {@code RateLimit-*} and {@code Retry-After} headers).
 *
 * @param limit      the limit's capacity: the burst of a token bucket, the window's limit of a sliding window
 * @param remaining  permits that could still be taken right now (0 when in debt)
 * @param retryAfter zero when allowed; otherwise how long until the same attempt could succeed
 * @param resetAfter how long until the full capacity is available again, if nothing more is taken
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration resetAfter) {

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (remaining < 0 || remaining > limit) {
            throw new IllegalArgumentException("remaining must be within 0.." + limit + ", got " + remaining);
        }
        if (retryAfter.isNegative() || resetAfter.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (allowed && !retryAfter.isZero()) {
            throw new IllegalArgumentException("an allowed attempt has nothing to wait for");
        }
    }

    public static RateLimitDecision allowed(long limit, long remaining, Duration resetAfter) {
        return new RateLimitDecision(true, limit, remaining, Duration.ZERO, resetAfter);
    }

    /**
     * A token bucket's answer in the terms token-bucket libraries report (Bucket4j's {@code ConsumptionProbe}):
     * the tokens left, which are negative while the bucket is in debt, and the nanoseconds to wait. The wait is
     * rounded up to whole milliseconds: libraries round a fractional refill down, so their exact nanoseconds can
     * fall just short of the token.
     */
    public static RateLimitDecision ofTokenBucket(
            boolean consumed,
            long capacity,
            long remainingTokens,
            long nanosToWaitForRefill,
            long nanosToWaitForReset) {
        long remaining = Math.clamp(remainingTokens, 0, capacity);
        Duration reset = Duration.ofNanos(Math.max(0, nanosToWaitForReset));
        return consumed
                ? allowed(capacity, remaining, reset)
                : rejected(
                        capacity,
                        remaining,
                        Duration.ofMillis(Math.max(1, Math.ceilDiv(nanosToWaitForRefill, 1_000_000L))),
                        reset);
    }

    public static RateLimitDecision rejected(long limit, long remaining, Duration retryAfter, Duration resetAfter) {
        return new RateLimitDecision(false, limit, remaining, retryAfter, resetAfter);
    }
}
