package dev.ragservice.plugins.opensearch;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.opensearch.client.opensearch._types.OpenSearchException;

/** OpenSearch's failures in the terms the service acts on (retry, open a circuit, answer 503). */
final class OpenSearchErrors {

    static final String DEPENDENCY = "opensearch";

    private OpenSearchErrors() {}

    /** An error answer of the cluster, by its HTTP status. */
    static DependencyException of(OpenSearchException error) {
        int status = error.status();
        Kind kind = kind(status);
        String message = kind == Kind.UNAUTHORIZED
                ? "OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD were refused (" + status + ")"
                : status + " " + error.error().type() + ": " + error.error().reason();
        return new DependencyException(DEPENDENCY, kind, message, error);
    }

    /** No answer: the cluster is unreachable, or did not answer within the time left. */
    static DependencyException of(IOException error, Duration timeLeft) {
        if (isTimeout(error)) {
            return new DependencyException(
                    DEPENDENCY, Kind.TIMED_OUT, "no answer within " + Math.max(0, timeLeft.toMillis()) + " ms", error);
        }
        return new DependencyException(
                DEPENDENCY, Kind.UNAVAILABLE, "cannot reach the cluster: " + error.getMessage(), error);
    }

    /** An error answer read without the typed client (index creation), by its HTTP status. */
    static DependencyException of(int status, String message) {
        return new DependencyException(DEPENDENCY, kind(status), message, null);
    }

    static DependencyException unavailable(String message) {
        return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, message, null);
    }

    static Kind kind(int status) {
        return switch (status) {
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 429 -> Kind.RATE_LIMITED;
            case 408, 504 -> Kind.TIMED_OUT;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED;
        };
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
