package dev.ragservice.ports.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The reference meaning of {@link RateLimit.Algorithm#SLIDING_WINDOW}, as a pure value: the log of grants of one
 * key. A store may keep the log in its own form (a sorted set in Redis), but must decide exactly as this does
 * (the rate-limit conformance kit compares every decision); stores that can run Java next to their data use it
 * directly.
 *
 * <p>A grant made at {@code at} counts while {@code now < at + window}. An attempt is admitted when the grants
 * still counting plus its permits stay within the limit. Times are epoch milliseconds.
 */
public record SlidingWindowLog(List<Grant> grants) {

    public static final SlidingWindowLog EMPTY = new SlidingWindowLog(List.of());

    /** Permits granted at one instant. */
    public record Grant(long atMillis, long permits) {
        public Grant {
            if (permits < 1) {
                throw new IllegalArgumentException("a grant holds at least one permit");
            }
        }
    }

    /** The log after an attempt, and the decision to report. */
    public record Outcome(SlidingWindowLog log, RateLimitDecision decision) {}

    /** Grants in time order (equal times in the order they were made). */
    public SlidingWindowLog {
        grants = grants.stream()
                .sorted(Comparator.comparingLong(Grant::atMillis))
                .toList();
    }

    public Outcome tryAcquire(RateLimit limit, long permits, long nowMillis) {
        checkPermits(limit, permits);
        long window = windowOf(limit);
        SlidingWindowLog current = trim(window, nowMillis);
        long used = current.used();
        long capacity = limit.capacity();
        if (used + permits <= capacity) {
            SlidingWindowLog next = current.plus(nowMillis, permits);
            return new Outcome(
                    next,
                    RateLimitDecision.allowed(capacity, capacity - used - permits, next.resetAfter(window, nowMillis)));
        }
        long freed = 0;
        long retryAt = nowMillis;
        for (Grant grant : current.grants) {
            freed += grant.permits();
            if (used - freed + permits <= capacity) {
                retryAt = grant.atMillis() + window;
                break;
            }
        }
        return new Outcome(
                current,
                RateLimitDecision.rejected(
                        capacity,
                        Math.max(0, capacity - used),
                        Duration.ofMillis(Math.max(1, retryAt - nowMillis)),
                        current.resetAfter(window, nowMillis)));
    }

    /** See {@link RateLimitStore#peek}: the state at {@code nowMillis}, taking nothing. */
    public RateLimitDecision peek(RateLimit limit, long nowMillis) {
        RateLimitDecision oneMore = tryAcquire(limit, 1, nowMillis).decision();
        return oneMore.allowed()
                ? RateLimitDecision.allowed(
                        limit.capacity(), oneMore.remaining() + 1, resetAfter(windowOf(limit), nowMillis))
                : oneMore;
    }

    /** See {@link RateLimitStore#adjust}: takes permits unconditionally, or gives the newest grants back. */
    public SlidingWindowLog adjust(RateLimit limit, long permits, long nowMillis) {
        SlidingWindowLog current = trim(windowOf(limit), nowMillis);
        if (permits > 0) {
            return current.plus(nowMillis, permits);
        }
        List<Grant> kept = new ArrayList<>(current.grants);
        long toReturn = -permits;
        for (int i = kept.size() - 1; i >= 0 && toReturn > 0; i--) {
            Grant grant = kept.get(i);
            long returned = Math.min(grant.permits(), toReturn);
            toReturn -= returned;
            if (returned == grant.permits()) {
                kept.remove(i);
            } else {
                kept.set(i, new Grant(grant.atMillis(), grant.permits() - returned));
            }
        }
        return new SlidingWindowLog(kept);
    }

    /** The grants that still count at {@code nowMillis}. */
    public SlidingWindowLog trim(long windowMillis, long nowMillis) {
        List<Grant> counting = grants.stream()
                .filter(grant -> nowMillis < grant.atMillis() + windowMillis)
                .toList();
        return counting.size() == grants.size() ? this : new SlidingWindowLog(counting);
    }

    public long used() {
        return grants.stream().mapToLong(Grant::permits).sum();
    }

    /** How long until every grant has left the window. */
    public Duration resetAfter(long windowMillis, long nowMillis) {
        return grants.isEmpty()
                ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, grants.getLast().atMillis() + windowMillis - nowMillis));
    }

    private SlidingWindowLog plus(long atMillis, long permits) {
        List<Grant> more = new ArrayList<>(grants);
        more.add(new Grant(atMillis, permits));
        return new SlidingWindowLog(more);
    }

    private static long windowOf(RateLimit limit) {
        if (limit.algorithm() != RateLimit.Algorithm.SLIDING_WINDOW) {
            throw new IllegalArgumentException("not a sliding window: " + limit);
        }
        return limit.period().toMillis();
    }

    static void checkPermits(RateLimit limit, long permits) {
        Objects.requireNonNull(limit, "limit");
        if (permits < 1 || permits > limit.capacity()) {
            throw new IllegalArgumentException("permits must be within 1.." + limit.capacity() + ", got " + permits);
        }
    }
}
