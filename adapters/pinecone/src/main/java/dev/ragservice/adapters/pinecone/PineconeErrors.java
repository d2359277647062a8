package dev.ragservice.adapters.pinecone;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** Pinecone's gRPC status codes in the terms the service acts on (retry, open a circuit, answer 503). */
final class PineconeErrors {

    private PineconeErrors() {}

    static DependencyException of(StatusRuntimeException error, Duration timeout) {
        Status status = error.getStatus();
        Kind kind = kind(status.getCode());
        String message = switch (kind) {
            case TIMED_OUT -> "no answer within PINECONE_TIMEOUT_MS=" + timeout.toMillis();
            case UNAUTHORIZED -> "PINECONE_API_KEY was refused (" + status.getCode() + ")";
            default -> status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        };
        return new DependencyException(PineconeVectorStore.DEPENDENCY, kind, message, error);
    }

    static Kind kind(Status.Code code) {
        return switch (code) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> Kind.UNAUTHORIZED;
            case RESOURCE_EXHAUSTED -> Kind.RATE_LIMITED;
            case DEADLINE_EXCEEDED -> Kind.TIMED_OUT;
            // The request itself is wrong for this index: repeating it cannot help.
            case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED ->
                Kind.REJECTED;
            case UNAVAILABLE, INTERNAL, UNKNOWN, CANCELLED, ABORTED, DATA_LOSS, OK -> Kind.UNAVAILABLE;
        };
    }
}
