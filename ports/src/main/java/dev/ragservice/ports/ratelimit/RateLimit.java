package dev.ragservice.ports.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit on one key.
 *
 * <ul>
 *   <li>{@link Algorithm#TOKEN_BUCKET}: a bucket of {@code capacity} tokens (the burst), full at first, refilled
 *       continuously at {@code refillTokens} per {@code period}. Over any stretch of time {@code t} it admits at
 *       most {@code capacity + refillTokens * t / period} permits.</li>
 *   <li>{@link Algorithm#SLIDING_WINDOW}: at most {@code capacity} permits in any window of length
 *       {@code period}, counted exactly (a log of grants, as {@link SlidingWindowLog} defines it);
 *       {@code refillTokens} equals {@code capacity} and means nothing more.</li>
 * </ul>
 * Stores keep state with millisecond resolution at least; periods are whole milliseconds.
 */
public record RateLimit(Algorithm algorithm, long capacity, long refillTokens, Duration period) {

    public enum Algorithm {
        TOKEN_BUCKET,
        SLIDING_WINDOW
    }

    public RateLimit {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(period, "period");
        if (capacity < 1 || refillTokens < 1) {
            throw new IllegalArgumentException("capacity and refillTokens must be positive");
        }
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("period must be at least a millisecond, got " + period);
        }
        if (algorithm == Algorithm.SLIDING_WINDOW && refillTokens != capacity) {
            throw new IllegalArgumentException("a sliding window has no refill rate of its own");
        }
    }

    public static RateLimit tokenBucket(long burst, long refillTokens, Duration period) {
        return new RateLimit(Algorithm.TOKEN_BUCKET, burst, refillTokens, period);
    }

    public static RateLimit slidingWindow(long limit, Duration window) {
        return new RateLimit(Algorithm.SLIDING_WINDOW, limit, limit, window);
    }

    /** How long a token bucket takes to refill {@code tokens}, rounded up to the nanosecond. */
    public long nanosToRefill(long tokens) {
        if (tokens <= 0) {
            return 0;
        }
        long periodNanos = period.toNanos();
        return tokens <= Long.MAX_VALUE / periodNanos
                ? Math.ceilDiv(tokens * periodNanos, refillTokens)
                : (long) Math.ceil((double) tokens / refillTokens * periodNanos);
    }

    /**
     * A short text naming every parameter, for store keys: a key's state under one limit is never read under
     * another (a changed configuration, or replicas on two versions during a rollout, start fresh states).
     */
    public String signature() {
        return (algorithm == Algorithm.TOKEN_BUCKET ? "tb" : "sw") + "." + capacity + "." + refillTokens + "."
                + period.toMillis();
    }
}
