package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.ratelimit.RateLimitHeaders;
import dev.ragservice.bootstrap.resilience.GuardException;
import dev.ragservice.domain.DomainException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.access.ForbiddenException;
import dev.ragservice.domain.access.UnauthorizedException;
import dev.ragservice.domain.ratelimit.RateLimitExceededException;
import dev.ragservice.domain.ratelimit.RateLimiterUnavailableException;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.Nullable;
import io.helidon.http.BadRequestException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one place where exceptions become HTTP answers, always {@code {"error": {"code", "message"}}}: client
 * mistakes are 4xx, no or an unknown key 401, a key without the scope or namespace 403, a client over its rate
 * limit or budget 429, a failing dependency 503, anything else 500 without
 * internals (those go to the log).
 */
public final class ErrorResponses {

    private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 2;

    record Error(String code, String message) {}

    /** OpenAI's error body, on the routes of its API ({@code /v1}): clients of that API read only this shape. */
    record OpenAiError(
            String message, String type, @Nullable String param, String code) {}

    /**
     * What an exception becomes: its status, code and message, and the headers that go with them.
     *
     * @param headers added to a response that can still carry headers (not to an event of a stream under way)
     */
    public record Problem(int status, String code, String message, Consumer<ServerResponse> headers) {

        Problem(int status, String code, @Nullable String message) {
            this(status, code, said(status, message), response -> {});
        }

        /** The message, or when there is none the status's reason phrase, so every error says something. */
        static String said(int status, @Nullable String message) {
            return message != null ? message : Status.create(status).reasonPhrase();
        }

        /** The body of the service's own routes: {@code {"error": {"code", "message"}}}. */
        public Object body() {
            return Map.of("error", new Error(code, message));
        }

        /** The body of OpenAI's routes: {@code {"error": {"message", "type", "param", "code"}}}. */
        public Object openAiBody() {
            String type = switch (status) {
                case 401 -> "authentication_error";
                case 403 -> "permission_error";
                case 404 -> "not_found_error";
                case 429 -> "rate_limit_error";
                default -> status >= 500 ? "server_error" : "invalid_request_error";
            };
            return Map.of("error", new OpenAiError(message, type, null, code));
        }
    }

    private final Json json;
    private final RagMetrics metrics;

    public ErrorResponses(Json json, RagMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(Exception.class, (req, res, e) -> send(req, res, describe(req, e)));
    }

    /** Sends the problem in the shape of the request's API: OpenAI's under {@code /v1}, the service's elsewhere. */
    void send(ServerRequest request, ServerResponse response, Problem problem) {
        problem.headers().accept(response);
        json.send(
                response,
                problem.status(),
                Endpoint.of(request.path().path()).orElse(Endpoint.INFO) == Endpoint.OPENAI
                        ? problem.openAiBody()
                        : problem.body());
    }

    /** Counts and logs the failure, as its answer does; for answers that can no longer carry a status (streams). */
    Problem describe(ServerRequest request, Exception e) {
        Problem problem = problemOf(request, e);
        if (problem.status() < 500) {
            metrics.error(problem.status() == 429 ? "rate_limited" : "client_error");
        }
        return problem;
    }

    private Problem problemOf(ServerRequest request, Exception e) {
        return switch (e) {
            case ApiException api -> new Problem(api.status(), api.code(), api.getMessage());
            case RateLimitExceededException limited -> rateLimited(limited);
            case RateLimiterUnavailableException unavailable -> rateLimiterUnavailable(unavailable);
            case UnauthorizedException unauthorized -> unauthorized(unauthorized);
            case ForbiddenException forbidden -> new Problem(403, forbidden.code(), forbidden.getMessage());
            case LimitExceededException limit -> new Problem(413, limit.code(), limit.getMessage());
            case DomainException domain -> new Problem(400, domain.code(), domain.getMessage());
            case DependencyException failed -> dependencyFailed(failed);
            case BadRequestException bad -> new Problem(400, "bad_request", bad.getMessage());
            case RequestException bad -> new Problem(bad.status().code(), "bad_request", bad.getMessage());
            case HttpException http -> httpException(request, http);
            default -> unexpected(request, e);
        };
    }

    /** Helidon's own refusals, such as 404 for a path no route serves. */
    private Problem httpException(ServerRequest request, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            return unexpected(request, e);
        } else if (status == 404) {
            return new Problem(
                    404,
                    "not_found",
                    "no such endpoint: " + request.prologue().method().text() + " "
                            + request.prologue().uriPath().path());
        }
        return new Problem(status, "bad_request", e.getMessage());
    }

    /**
     * Always with Retry-After: the breaker's or the provider's own wait when known, else a short one, so clients
     * and load balancers back off instead of hammering a dependency that is down.
     */
    private Problem dependencyFailed(DependencyException e) {
        LOG.log(Level.WARNING, "dependency failed: " + e.getMessage());
        if (!e.kind().isTransient()) {
            return upstreamRefused(e);
        }
        String reason = e instanceof GuardException guard
                ? guard.reason().label()
                : e.kind().name().toLowerCase(Locale.ROOT);
        metrics.error("dependency_" + reason);
        long retryAfter = e.retryAfter()
                .map(after -> Math.max(1, (after.toMillis() + 999) / 1000))
                .orElse(DEFAULT_RETRY_AFTER_SECONDS);
        return new Problem(
                503,
                "dependency_unavailable",
                e.dependency() + " is unavailable (" + reason.replace('_', ' ') + "); try again later",
                response -> response.header("Retry-After", Long.toString(retryAfter)));
    }

    /**
     * A provider refused our request itself, or our credentials: repeating it cannot help until something changes,
     * so 502 without {@code Retry-After}, never a 503 that would have clients retry forever. Client mistakes do not
     * get here: the request limits refuse them first, with a 4xx.
     */
    private Problem upstreamRefused(DependencyException e) {
        String reason = e.kind().name().toLowerCase(Locale.ROOT);
        metrics.error("dependency_" + reason);
        return new Problem(
                502,
                "upstream_" + reason,
                e.dependency() + " refused the request (" + reason.replace('_', ' ') + "); repeating it will not help");
    }

    /** Over a limit: 429 with {@code Retry-After} and the {@code RateLimit-*} headers. */
    private static Problem rateLimited(RateLimitExceededException e) {
        return new Problem(
                429,
                e.code(),
                Problem.said(429, e.getMessage()),
                response -> RateLimitHeaders.add(response, e.decision()));
    }

    /** No key or an unknown one: 401, with the scheme a client should use. */
    private static Problem unauthorized(UnauthorizedException e) {
        return new Problem(
                401,
                e.code(),
                Problem.said(401, e.getMessage()),
                response -> response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rag-service\""));
    }

    /** The limiter's store is down and the policy fails closed ({@code RATE_LIMIT_FAIL_OPEN=false}). */
    private Problem rateLimiterUnavailable(RateLimiterUnavailableException e) {
        LOG.log(Level.WARNING, "rate limiter unavailable: " + e.getCause());
        metrics.error("rate_limiter_unavailable");
        return new Problem(
                503, e.code(), Problem.said(503, e.getMessage()), response -> response.header("Retry-After", "1"));
    }

    private Problem unexpected(ServerRequest request, Exception e) {
        LOG.log(Level.ERROR, "unexpected error on " + request.path().path(), e);
        metrics.error("internal");
        return new Problem(500, "internal_error", "the request failed unexpectedly; see the service log");
    }
}
