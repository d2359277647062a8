package dev.ragservice.ports;

import java.time.Duration;
import java.util.Optional;

/**
 * An external dependency (model provider, vector store, cache) failed. Adapters translate their technology's
 * errors into this one type, so the service can decide what to retry, when to open a circuit breaker and which
 * status to answer with, without knowing any technology.
 */
public class DependencyException extends RuntimeException {

    /** What went wrong, in the terms the service acts on. */
    public enum Kind {
        /** The provider throttled us; {@link #retryAfter()} says how long it asked us to wait, when it did. */
        RATE_LIMITED(true),
        /** The provider could not be reached or answered with a server error. */
        UNAVAILABLE(true),
        /** No answer within the deadline. */
        TIMED_OUT(true),
        /** The provider refused the request itself (bad input, too long); repeating it cannot help. */
        REJECTED(false),
        /** The credentials were refused; repeating cannot help until the configuration changes. */
        UNAUTHORIZED(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether the same call may succeed later. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final String dependency;
    private final Kind kind;
    private final @Nullable Duration retryAfter;

    /**
     * @param retryAfter how long the provider asked us to wait, or null when it did not say
     * @param cause the technology's own error, or null when there is none (a deadline that passed, say)
     */
    public DependencyException(
            String dependency, Kind kind, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(dependency + ": " + message, cause);
        this.dependency = dependency;
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public DependencyException(String dependency, Kind kind, String message, @Nullable Throwable cause) {
        this(dependency, kind, message, null, cause);
    }

    /** A short name of the dependency, such as {@code openai} or {@code lucene}. */
    public String dependency() {
        return dependency;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
