package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.Nullable;
import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Timeout;
import io.helidon.faulttolerance.TimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything between the service and one dependency: a timeout bounded by the request's deadline, a bulkhead, retries
 * of calls that are safe to repeat, and a circuit breaker, from the outside in. Helidon's handlers do the breaker,
 * the bulkhead and the timeout. Retries are ours: Helidon's retry policy sees neither the failure nor its
 * Retry-After, and we must retry only transient failures and never past the deadline.
 *
 * <p>The timeout runs the call on a virtual thread and stops waiting for it, without interrupting it: an
 * interrupt can close a Lucene index's file channels. The abandoned call ends by the adapter's own timeout.
 */
public final class Guard {

    private final String name;
    private final CircuitBreaker breaker;
    private final Duration breakerDelay;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable Duration timeout;
    private final Backoff backoff;
    private final ExecutorService executor;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** When the breaker last opened; null until it first does. */
    private volatile @Nullable Instant openedAt;

    /**
     * @param bulkhead null for no bulkhead
     * @param timeout  null for a breaker-only guard (the cache's): its adapter's own timeouts are tens of
     *                 milliseconds, and a thread hop would cost more than a cache hit; a call with a deadline
     *                 through such a guard is bounded by the deadline alone
     */
    Guard(
            String name,
            CircuitBreaker breaker,
            Duration breakerDelay,
            @Nullable Bulkhead bulkhead,
            @Nullable Duration timeout,
            Backoff backoff,
            ExecutorService executor,
            Clock clock) {
        this.name = name;
        this.breaker = breaker;
        this.breakerDelay = breakerDelay;
        this.bulkhead = bulkhead;
        this.timeout = timeout;
        this.backoff = backoff;
        this.executor = executor;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /**
     * A call through the breaker only: the cache's, one attempt bounded by the adapter's own short timeout, made on
     * every cache hit, so nothing here that only a deadline-aware retry or timeout would need.
     *
     * @throws DependencyException from the dependency, or a {@link GuardException} when the breaker is open
     */
    public <T> T call(Supplier<T> work) {
        return throughBreaker(work);
    }

    /**
     * A call bounded by the guard's timeout and the request's deadline, whichever comes first, through the
     * bulkhead, retries and the breaker.
     *
     * @param deadline   the request's: no attempt starts, and no retry waits, past it
     * @param repeatable whether the call may be made again after a transient failure (reads, idempotent writes)
     * @throws DependencyException from the dependency, or a {@link GuardException} when the guard refused or gave up
     */
    public <T> T call(Deadline deadline, Supplier<T> work, boolean repeatable) {
        return call(deadline, work, () -> repeatable);
    }

    /**
     * The same, for a call that is safe to repeat only until it has had an effect (a stream that has sent nothing
     * yet): {@code repeatable} is asked after each failure.
     */
    public <T> T call(Deadline deadline, Supplier<T> work, BooleanSupplier repeatable) {
        if (deadline.hasPassed()) {
            throw new GuardException(
                    name, GuardException.Reason.TIMED_OUT, "the request's deadline has passed", null, null);
        }
        Deadline bounded = timeout == null ? deadline : deadline.atMost(timeout);
        Duration budget = bounded.remaining();
        Timeout handler = Timeout.create(
                builder -> builder.timeout(budget).executor(executor).name(name));
        try {
            return handler.invoke(() -> bulkheaded(() -> attempts(work, repeatable, bounded)));
        } catch (TimeoutException e) {
            throw new GuardException(
                    name, GuardException.Reason.TIMED_OUT, "no answer within " + budget.toMillis() + " ms", null, e);
        }
    }

    public BreakerStatus status() {
        CircuitBreaker.State state = breaker.state();
        Instant opened = openedAt;
        return new BreakerStatus(
                name,
                state.name().toLowerCase(Locale.ROOT),
                failures.get(),
                consecutiveFailures.get(),
                rejected.get(),
                state == CircuitBreaker.State.CLOSED ? null : opened,
                state == CircuitBreaker.State.OPEN && opened != null ? opened.plus(breakerDelay) : null);
    }

    /** 0 closed, 1 open, 2 half-open: the values of {@code rag_circuit_breaker_state}. */
    public int stateValue() {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
        };
    }

    public boolean isOpen() {
        return breaker.state() == CircuitBreaker.State.OPEN;
    }

    private <T> T bulkheaded(Supplier<T> work) {
        if (bulkhead == null) {
            return work.get();
        }
        try {
            return bulkhead.invoke(work);
        } catch (BulkheadException e) {
            rejected.incrementAndGet();
            throw new GuardException(
                    name, GuardException.Reason.BULKHEAD_FULL, "too many concurrent calls", Duration.ofSeconds(1), e);
        }
    }

    private <T> T attempts(Supplier<T> work, BooleanSupplier repeatable, Deadline deadline) {
        for (int attempt = 1; ; attempt++) {
            try {
                return throughBreaker(work);
            } catch (GuardException e) {
                throw e;
            } catch (DependencyException e) {
                if (!repeatable.getAsBoolean() || !e.kind().isTransient() || attempt >= backoff.attempts()) {
                    throw e;
                }
                Duration delay = backoff.delay(attempt, e.retryAfter(), ThreadLocalRandom.current());
                // A wait that ends after the deadline helps nobody: the caller gets the failure now instead.
                if (delay.compareTo(deadline.remaining()) >= 0) {
                    throw e;
                }
                sleep(delay, e);
            }
        }
    }

    private <T> T throughBreaker(Supplier<T> work) {
        boolean wasOpen = breaker.state() == CircuitBreaker.State.OPEN;
        try {
            T result = breaker.invoke(() -> {
                try {
                    return work.get();
                } catch (DependencyException e) {
                    // The request itself was refused (too long, malformed): the dependency is fine.
                    if (e.kind() == DependencyException.Kind.REJECTED) {
                        throw new NotAFailure(e);
                    }
                    throw e;
                }
            });
            // Read first: a write on every success would bounce the counter's cache line between cores.
            if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            return result;
        } catch (CircuitBreakerOpenException e) {
            rejected.incrementAndGet();
            throw new GuardException(
                    name, GuardException.Reason.CIRCUIT_OPEN, "circuit breaker open", untilNextAttempt(), e);
        } catch (NotAFailure e) {
            throw e.failure;
        } catch (DependencyException e) {
            failures.incrementAndGet();
            consecutiveFailures.incrementAndGet();
            throw e;
        } finally {
            if (!wasOpen && breaker.state() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
        }
    }

    private Duration untilNextAttempt() {
        Instant opened = openedAt;
        Duration left = opened == null ? breakerDelay : Duration.between(clock.instant(), opened.plus(breakerDelay));
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    private static void sleep(Duration delay, DependencyException failure) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** Carries a failure through the breaker without counting it; the breaker counts only DependencyException. */
    static final class NotAFailure extends RuntimeException {
        private final DependencyException failure;

        NotAFailure(DependencyException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
