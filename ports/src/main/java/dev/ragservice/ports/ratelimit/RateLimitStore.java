package dev.ragservice.ports.ratelimit;

import java.time.Instant;
import java.util.Optional;

/**
 * Rate-limit state per key, possibly shared by every replica of the service, so that N replicas together admit
 * a limit once, not N times. Every operation on one key is atomic across all replicas.
 *
 * <p>Time is an argument: a store never reads a clock of its own for the limit's arithmetic, so replicas agree as
 * far as their clocks do and tests can drive time. It may use real time only to forget idle keys, and then no
 * sooner than a minute after a key's state would have been full (or empty) again anyway.
 *
 * <p>Implementations throw {@link dev.ragservice.ports.DependencyException} when the backend fails; the service
 * then decides whether to admit the request anyway (fail open) or refuse it. Every operation must fail within
 * the store's configured timeout, never hang.
 *
 * <p>The conformance module holds the kit every store must pass ({@code RateLimitStoreConformance}).
 */
public interface RateLimitStore extends AutoCloseable {

    /**
     * Takes {@code permits} from the key's state under {@code limit} if they are all available at {@code now},
     * else takes nothing.
     *
     * @param permits between 1 and the limit's capacity
     */
    RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now);

    /**
     * Settles an earlier acquisition once its real cost is known. A positive {@code permits} is taken
     * unconditionally, even into debt (later attempts then wait until it is paid off); a negative one gives
     * permits back, but never more than the key's state can hold (a token bucket is never fuller than its
     * capacity; a sliding window gives back its newest grants first, never more than it holds).
     */
    void adjust(String key, RateLimit limit, long permits, Instant now);

    /**
     * The key's state at {@code now}, taking nothing: whether one permit could be taken, how many could
     * ({@code remaining}), how long until one could ({@code retryAfter}), and until the capacity is whole again
     * ({@code resetAfter}). For reports, such as a key's budget spent today; never for admission, which must take
     * atomically with {@link #tryAcquire}.
     *
     * @return empty from a store that cannot tell: the default, for stores written before this method existed
     */
    default Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
        return Optional.empty();
    }

    /** Answers quickly whether the backend is reachable; for health and status. */
    boolean isAvailable();

    @Override
    void close();
}
