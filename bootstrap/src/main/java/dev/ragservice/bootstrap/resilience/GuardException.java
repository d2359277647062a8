package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.Nullable;
import java.time.Duration;
import java.util.Locale;

/** A call the guard did not let through, or gave up waiting for: the dependency itself may be fine. */
public final class GuardException extends DependencyException {

    /** Why; also the {@code type} label of {@code rag_errors_total}. */
    public enum Reason {
        CIRCUIT_OPEN,
        BULKHEAD_FULL,
        TIMED_OUT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    GuardException(
            String dependency,
            Reason reason,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(dependency, reason == Reason.TIMED_OUT ? Kind.TIMED_OUT : Kind.UNAVAILABLE, message, retryAfter, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
