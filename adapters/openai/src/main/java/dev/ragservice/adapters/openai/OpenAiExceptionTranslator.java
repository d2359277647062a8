package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import dev.ragservice.ports.Nullable;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Turns what went wrong in a call to an OpenAI-compatible server into the port's {@link DependencyException}, so
 * the service decides about retries and circuit breakers without knowing OpenAI.
 *
 * <p>Messages may quote the provider, and a provider may echo the credential it refused (OpenAI masks part of it,
 * a compatible server may not). Every message is therefore scrubbed of the configured key and of anything shaped
 * like an OpenAI key, and a cause is kept only when none of its messages holds such text: a cause reaches the log
 * with the stack trace, unscrubbed.
 */
final class OpenAiExceptionTranslator {

    static final String DEPENDENCY = "openai";

    private static final Pattern KEY_SHAPED = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]{3,}");
    /** Shorter keys (local servers accept anything, {@code unused}) would mangle ordinary words if replaced. */
    private static final int SHORTEST_KEY_TO_SCRUB = 8;

    private final String apiKey;
    private final RetryAfter retryAfter;

    OpenAiExceptionTranslator(String apiKey, Clock clock) {
        this.apiKey = apiKey;
        this.retryAfter = new RetryAfter(clock);
    }

    /**
     * An answer with a status other than 2xx.
     *
     * @param operation what was attempted, such as {@code POST /embeddings}, for the message
     * @param body      the start of the answer's body, where the provider says what went wrong
     */
    DependencyException httpError(String operation, int status, HttpHeaders headers, String body) {
        ErrorBody error = ErrorBody.parse(body);
        String message = operation + " answered HTTP " + status
                + (error.code() == null ? "" : " (" + error.code() + ")") + ": " + scrub(error.message());
        if (status == 429 && "insufficient_quota".equals(error.code())) {
            // OpenAI uses 429 for an exhausted quota too; waiting does not refill it, a billing change does.
            return new DependencyException(DEPENDENCY, Kind.UNAUTHORIZED, message, null);
        }
        return switch (status) {
            case 401, 403 -> new DependencyException(DEPENDENCY, Kind.UNAUTHORIZED, message, null);
            case 429 ->
                new DependencyException(
                        DEPENDENCY,
                        Kind.RATE_LIMITED,
                        message,
                        retryAfter.parse(headers::allValues).orElse(null),
                        null);
            case 408 -> new DependencyException(DEPENDENCY, Kind.TIMED_OUT, message, null);
            // 409: OpenAI's answer when a resource is briefly locked; its SDKs retry it.
            case 409 -> new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, message, null);
            default ->
                status >= 500
                        ? new DependencyException(
                                DEPENDENCY,
                                Kind.UNAVAILABLE,
                                message,
                                retryAfter.parse(headers::allValues).orElse(null),
                                null)
                        : new DependencyException(DEPENDENCY, Kind.REJECTED, message, null);
        };
    }

    /** The call's deadline (or {@code OPENAI_TIMEOUT_MS}) passed before the whole answer came. */
    DependencyException timedOut(String operation, @Nullable Throwable cause) {
        return new DependencyException(
                DEPENDENCY, Kind.TIMED_OUT, operation + " got no complete answer within the deadline", harmless(cause));
    }

    /** The connection could not be made, broke, or carried something that is not HTTP. */
    DependencyException unavailable(String operation, Exception e) {
        return new DependencyException(
                DEPENDENCY, Kind.UNAVAILABLE, operation + " failed: " + scrub(describe(e)), harmless(e));
    }

    /** A body that is not the JSON it should be: truncated, or not JSON at all. */
    DependencyException invalidJson(String operation, JsonProcessingException e) {
        // Jackson's description says where the JSON broke, and may quote a token of the body: scrubbed, no cause.
        return new DependencyException(
                DEPENDENCY,
                Kind.UNAVAILABLE,
                operation + " returned a response that is not valid: " + scrub(e.getOriginalMessage()),
                null);
    }

    /** An {@code error} object where an answer should be, as a stream sends when it fails after it started. */
    DependencyException errorInAnswer(String operation, ErrorBody error) {
        return new DependencyException(
                DEPENDENCY,
                Kind.UNAVAILABLE,
                operation + " returned an error" + (error.code() == null ? "" : " (" + error.code() + ")") + ": "
                        + scrub(error.message()),
                null);
    }

    /** A well-formed answer we still cannot use (too few vectors, no choices): the server misbehaved. */
    DependencyException invalidAnswer(String operation, String problem) {
        return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, operation + " returned " + problem, null);
    }

    /** An answer that shows our settings do not fit the server; repeating cannot help until they change. */
    DependencyException misconfigured(String operation, String problem) {
        return new DependencyException(DEPENDENCY, Kind.REJECTED, operation + " returned " + problem, null);
    }

    String scrub(@Nullable String text) {
        String scrubbed = String.valueOf(text);
        if (apiKey.length() >= SHORTEST_KEY_TO_SCRUB) {
            scrubbed = scrubbed.replace(apiKey, "[redacted]");
        }
        return KEY_SHAPED.matcher(scrubbed).replaceAll("sk-[redacted]");
    }

    /** The exception, if no message along its causes would need scrubbing (the JDK quotes a bad status line). */
    private @Nullable Throwable harmless(@Nullable Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !scrub(message).equals(message)) {
                return null;
            }
        }
        return e;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
