package dev.ragservice.ports;

import java.time.Duration;

/**
 * The moment by which a call must be answered: what is left of the request it serves. Every call that can take
 * long (embedding, vector store, chat) receives one, so the service never waits past a request's deadline and an
 * adapter can hand what is left to its own client (a gRPC deadline, an HTTP request timeout, a search timeout),
 * which then stops the work the service no longer waits for.
 *
 * <p>Measured on {@link System#nanoTime()}, so it is meaningful inside one process only.
 *
 * @param nanoTime the {@link System#nanoTime()} at which the deadline passes
 */
public record Deadline(long nanoTime) {

    /** Longer timeouts are taken as this one: far enough to mean "no deadline", small enough not to overflow. */
    private static final Duration LONGEST = Duration.ofDays(365);

    /** The deadline {@code timeout} from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + nanos(timeout));
    }

    /** Time left; zero or negative once the deadline has passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanoTime - System.nanoTime());
    }

    public boolean hasPassed() {
        return nanoTime - System.nanoTime() <= 0;
    }

    /** The earlier of this deadline and {@code timeout} from now: a stage's own bound within its request's. */
    public Deadline atMost(Duration timeout) {
        long candidate = System.nanoTime() + nanos(timeout);
        return candidate - nanoTime < 0 ? new Deadline(candidate) : this;
    }

    private static long nanos(Duration timeout) {
        return (timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout).toNanos();
    }
}
