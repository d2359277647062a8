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

    private final Json json;
    private final RagMetrics metrics;

    public ErrorResponses(Json json, RagMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(res, e.status(), e.code(), e.getMessage()))
                .error(RateLimitExceededException.class, this::rateLimited)
                .error(RateLimiterUnavailableException.class, this::rateLimiterUnavailable)
                .error(UnauthorizedException.class, this::unauthorized)
                .error(ForbiddenException.class, (req, res, e) -> send(res, 403, e.code(), e.getMessage()))
                .error(LimitExceededException.class, (req, res, e) -> send(res, 413, e.code(), e.getMessage()))
                .error(DomainException.class, (req, res, e) -> send(res, 400, e.code(), e.getMessage()))
                .error(DependencyException.class, this::dependencyFailed)
                .error(BadRequestException.class, (req, res, e) -> send(res, 400, "bad_request", e.getMessage()))
                .error(
                        RequestException.class,
                        (req, res, e) -> send(res, e.status().code(), "bad_request", e.getMessage()))
                .error(HttpException.class, this::httpException)
                .error(Exception.class, this::unexpected);
    }

    /** Helidon's own refusals, such as 404 for a path no route serves. */
    private void httpException(ServerRequest request, ServerResponse response, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            unexpected(request, response, e);
        } else if (status == 404) {
            send(
                    response,
                    404,
                    "not_found",
                    "no such endpoint: " + request.prologue().method().text() + " "
                            + request.prologue().uriPath().path());
        } else {
            send(response, status, "bad_request", e.getMessage());
        }
    }

    /**
     * Always with Retry-After: the breaker's or the provider's own wait when known, else a short one, so clients
     * and load balancers back off instead of hammering a dependency that is down.
     */
    private void dependencyFailed(ServerRequest request, ServerResponse response, DependencyException e) {
        LOG.log(Level.WARNING, "dependency failed: " + e.getMessage());
        if (!e.kind().isTransient()) {
            upstreamRefused(response, e);
            return;
        }
        String reason = e instanceof GuardException guard
                ? guard.reason().label()
                : e.kind().name().toLowerCase(Locale.ROOT);
        metrics.error("dependency_" + reason);
        long retryAfter = e.retryAfter()
                .map(after -> Math.max(1, (after.toMillis() + 999) / 1000))
                .orElse(DEFAULT_RETRY_AFTER_SECONDS);
        response.header("Retry-After", Long.toString(retryAfter));
        send(
                response,
                503,
                "dependency_unavailable",
                e.dependency() + " is unavailable (" + reason.replace('_', ' ') + "); try again later");
    }

    /**
     * A provider refused our request itself, or our credentials: repeating it cannot help until something changes,
     * so 502 without {@code Retry-After}, never a 503 that would have clients retry forever. Client mistakes do not
     * get here: the request limits refuse them first, with a 4xx.
     */
    private void upstreamRefused(ServerResponse response, DependencyException e) {
        String reason = e.kind().name().toLowerCase();
        metrics.error("dependency_" + reason);
        send(
                response,
                502,
                "upstream_" + reason,
                e.dependency() + " refused the request (" + reason.replace('_', ' ') + "); repeating it will not help");
    }

    /** Over a limit: 429 with {@code Retry-After} and the {@code RateLimit-*} headers. */
    private void rateLimited(ServerRequest request, ServerResponse response, RateLimitExceededException e) {
        RateLimitHeaders.add(response, e.decision());
        send(response, 429, e.code(), e.getMessage());
    }

    /** No key or an unknown one: 401, with the scheme a client should use. */
    private void unauthorized(ServerRequest request, ServerResponse response, UnauthorizedException e) {
        response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rag-service\"");
        send(response, 401, e.code(), e.getMessage());
    }

    /** The limiter's store is down and the policy fails closed ({@code RATE_LIMIT_FAIL_OPEN=false}). */
    private void rateLimiterUnavailable(
            ServerRequest request, ServerResponse response, RateLimiterUnavailableException e) {
        LOG.log(Level.WARNING, "rate limiter unavailable: " + e.getCause());
        metrics.error("rate_limiter_unavailable");
        response.header("Retry-After", "1");
        send(response, 503, e.code(), e.getMessage());
    }

    private void unexpected(ServerRequest request, ServerResponse response, Exception e) {
        LOG.log(Level.ERROR, "unexpected error on " + request.path().path(), e);
        metrics.error("internal");
        send(response, 500, "internal_error", "the request failed unexpectedly; see the service log");
    }

    /** @param message the exception's; when it has none, the status's reason phrase, so every error says something */
    private void send(ServerResponse response, int status, String code, @Nullable String message) {
        if (status < 500) {
            metrics.error(status == 429 ? "rate_limited" : "client_error");
        }
        String said = message != null ? message : Status.create(status).reasonPhrase();
        json.send(response, status, Map.of("error", new Error(code, said)));
    }
}
