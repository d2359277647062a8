package dev.ragservice.bootstrap.resilience;

import java.time.Duration;
import java.util.Optional;

/**
 * The moment by which the current request must be answered, shared by all its stages: the embedding, the
 * search and the generation each get what the earlier ones left, so a request never waits longer than its
 * deadline in total.
 *
 * <p>Helidon serves each request on its own virtual thread from start to end, so a thread-local is the request's
 * scope here; {@link DeadlineFilter} sets and clears it. Work without a deadline (start-up, the eval command) is
 * bounded by each dependency's own timeout only.
 */
public final class RequestDeadline {

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private RequestDeadline() {
    }

    static void start(Duration timeout) {
        DEADLINE_NANOS.set(System.nanoTime() + timeout.toNanos());
    }

    static void clear() {
        DEADLINE_NANOS.remove();
    }

    /** Time left, possibly zero or negative; empty outside a request. */
    public static Optional<Duration> remaining() {
        Long deadline = DEADLINE_NANOS.get();
        return deadline == null ? Optional.empty() : Optional.of(Duration.ofNanos(deadline - System.nanoTime()));
    }
}
