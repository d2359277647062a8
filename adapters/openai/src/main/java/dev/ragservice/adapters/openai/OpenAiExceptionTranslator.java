package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Turns the SDK's exceptions into the port's {@link DependencyException}, so the service decides about retries
 * and circuit breakers without knowing OpenAI.
 *
 * <p>Messages may quote the provider, and a provider may echo the credential it refused (OpenAI masks part of
 * it, a compatible server may not). Every message is therefore scrubbed of the configured key and of anything
 * shaped like an OpenAI key, and an HTTP error does not carry the SDK exception as its cause: that exception's
 * message holds the provider's text unscrubbed and would reach the log with the stack trace.
 */
final class OpenAiExceptionTranslator {

    static final String DEPENDENCY = "openai";

    private static final Pattern KEY_SHAPED = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]{3,}");
    private static final Pattern STATUS_PREFIX = Pattern.compile("^\\d{3}: ");
    /** Shorter keys (local servers accept anything, {@code unused}) would mangle ordinary words if replaced. */
    private static final int SHORTEST_KEY_TO_SCRUB = 8;

    private final String apiKey;
    private final RetryAfter retryAfter;

    OpenAiExceptionTranslator(String apiKey, Clock clock) {
        this.apiKey = apiKey;
        this.retryAfter = new RetryAfter(clock);
    }

    /** @param operation what was attempted, such as {@code POST /embeddings}, for the message */
    DependencyException translate(String operation, OpenAIException e) {
        if (e instanceof OpenAIServiceException service) {
            return httpError(operation, service);
        }
        Throwable io = networkCause(e);
        if (io instanceof InterruptedIOException) {
            // OkHttp signals its call deadline (OPENAI_TIMEOUT_MS) and socket timeouts this way.
            return new DependencyException(DEPENDENCY, Kind.TIMED_OUT,
                    operation + " got no complete answer within the deadline", e);
        }
        if (io != null) {
            return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE,
                    operation + " failed: " + scrub(describe(io)), e);
        }
        if (e instanceof OpenAIInvalidDataException) {
            // Jackson's description says where the JSON broke; it leaves the body's text out.
            Throwable detail = e.getCause() == null ? e : e.getCause();
            return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE,
                    operation + " returned a response that is not valid: " + scrub(describe(detail)), e);
        }
        return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE,
                operation + " failed: " + scrub(describe(e)), e);
    }

    /** A well-formed answer we still cannot use (too few vectors, no choices): the server misbehaved. */
    DependencyException invalidAnswer(String operation, String problem) {
        return new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, operation + " returned " + problem, null);
    }

    /** An answer that shows our settings do not fit the server; repeating cannot help until they change. */
    DependencyException misconfigured(String operation, String problem) {
        return new DependencyException(DEPENDENCY, Kind.REJECTED, operation + " returned " + problem, null);
    }

    private DependencyException httpError(String operation, OpenAIServiceException e) {
        int status = e.statusCode();
        String code = e.code().orElse(null);
        String message = operation + " answered HTTP " + status + (code == null ? "" : " (" + code + ")") + ": "
                + scrub(providerMessage(e));
        if (status == 429 && "insufficient_quota".equals(code)) {
            // OpenAI uses 429 for an exhausted quota too; waiting does not refill it, a billing change does.
            return new DependencyException(DEPENDENCY, Kind.UNAUTHORIZED, message, null);
        }
        return switch (status) {
            case 401, 403 -> new DependencyException(DEPENDENCY, Kind.UNAUTHORIZED, message, null);
            case 429 -> new DependencyException(DEPENDENCY, Kind.RATE_LIMITED, message,
                    retryAfter.parse(name -> e.headers().values(name)).orElse(null), null);
            case 408 -> new DependencyException(DEPENDENCY, Kind.TIMED_OUT, message, null);
            // 409: OpenAI's answer when a resource is briefly locked; the SDK itself treats it as retryable.
            case 409 -> new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, message, null);
            default -> status >= 500
                    ? new DependencyException(DEPENDENCY, Kind.UNAVAILABLE, message,
                            retryAfter.parse(name -> e.headers().values(name)).orElse(null), null)
                    : new DependencyException(DEPENDENCY, Kind.REJECTED, message, null);
        };
    }

    /** The SDK's message is {@code "<status>: <error.message>"}, or the whole body when it has no message. */
    private static String providerMessage(OpenAIServiceException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return STATUS_PREFIX.matcher(message).replaceFirst("");
    }

    /** The I/O failure under an SDK exception; Jackson's parse errors are IOExceptions too, but not the network's. */
    private static Throwable networkCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && !(cause instanceof JsonProcessingException)) {
                return cause;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    String scrub(String text) {
        String scrubbed = text;
        if (apiKey.length() >= SHORTEST_KEY_TO_SCRUB) {
            scrubbed = scrubbed.replace(apiKey, "[redacted]");
        }
        return KEY_SHAPED.matcher(scrubbed).replaceAll("sk-[redacted]");
    }
}
