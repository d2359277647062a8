package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.config.ResilienceSettings;
import dev.ragservice.domain.access.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The route table: every endpoint of the service, with the routes it serves, the scope a key needs for it, whether
 * its requests count against the client's rate limit, and the deadline its requests get. It is the one place a
 * path is written: the HTTP services bind their handlers to {@link #path()}, the request observer labels metrics
 * by {@link #label()}, the access filter asks for {@link #scope()}, the rate-limit filter limits what
 * {@link #rateLimited()} says, and every handler gives its request {@link #timeout}.
 *
 * <p>Probes, metrics, status, the API description and the playground's static files are never rate limited: a
 * throttled probe would take a healthy pod out of its load balancer. With access control on, the info, the API
 * description, the playground and the probes stay open (the probes say up or down; their details need
 * {@link Scope#ADMIN}); everything else needs a key.
 */
public enum Endpoint {
    INFO("/", Optional.empty(), true, settings -> Optional.empty(), "GET /"),
    DOCUMENTS(
            "/documents",
            Optional.of(Scope.INGEST),
            true,
            settings -> Optional.of(settings.ingestTimeout()),
            "POST /documents",
            "DELETE /documents/{id}"),
    QUERY("/query", Optional.of(Scope.QUERY), true, settings -> Optional.of(settings.queryTimeout()), "POST /query"),
    /** OpenAI's API over the same question answering, for the clients that speak it; its errors in OpenAI's shape. */
    OPENAI(
            "/v1",
            Optional.of(Scope.QUERY),
            true,
            settings -> Optional.of(settings.queryTimeout()),
            "GET /v1/models",
            "GET /v1/models/{id}",
            "POST /v1/chat/completions",
            "POST /v1/embeddings"),
    STATUS("/status", Optional.of(Scope.ADMIN), false, settings -> Optional.empty(), "GET /status"),
    HEALTH(
            "/health",
            Optional.empty(),
            false,
            settings -> Optional.empty(),
            "GET /health",
            "GET /health/live",
            "GET /health/ready"),
    METRICS("/metrics", Optional.of(Scope.ADMIN), false, settings -> Optional.empty(), "GET /metrics"),
    OPENAPI("/openapi", Optional.empty(), false, settings -> Optional.empty(), "GET /openapi"),
    /** The browser playground: public static files; the API calls it makes carry the key and are limited. */
    UI("/ui", Optional.empty(), false, settings -> Optional.empty(), "GET /ui/");

    /** The metrics label of a request for a path no endpoint serves. */
    public static final String OTHER = "other";

    private final String path;
    private final Optional<Scope> scope;
    private final boolean rateLimited;
    private final Function<ResilienceSettings, Optional<Duration>> timeout;
    private final List<String> routes;

    Endpoint(
            String path,
            Optional<Scope> scope,
            boolean rateLimited,
            Function<ResilienceSettings, Optional<Duration>> timeout,
            String... routes) {
        this.path = path;
        this.scope = scope;
        this.rateLimited = rateLimited;
        this.timeout = timeout;
        this.routes = List.of(routes);
    }

    /** The endpoint a path belongs to, by its first segment ({@code /health/live} is {@link #HEALTH}). */
    public static Optional<Endpoint> of(String path) {
        int second = path.indexOf('/', 1);
        String first = second < 0 ? path : path.substring(0, second);
        for (Endpoint endpoint : values()) {
            if (endpoint.path.equals(first)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }

    /** Whether requests for a path count against the client's rate limit; unknown paths do. */
    public static boolean rateLimits(String path) {
        return of(path).map(Endpoint::rateLimited).orElse(true);
    }

    /** The {@code endpoint} label of request metrics for a path: a fixed set of values, never user input. */
    public static String labelOf(String path) {
        return of(path).map(Endpoint::label).orElse(OTHER);
    }

    public String path() {
        return path;
    }

    public String label() {
        return path;
    }

    /** The scope a key needs here when access control is on; empty for an open endpoint. */
    public Optional<Scope> scope() {
        return scope;
    }

    public boolean rateLimited() {
        return rateLimited;
    }

    /** How long its requests may take, shared by all their stages; empty for endpoints that call no dependency. */
    public Optional<Duration> timeout(ResilienceSettings settings) {
        return timeout.apply(settings);
    }

    /** Its routes as {@code METHOD /path}, for {@code GET /}. */
    public List<String> routes() {
        return routes;
    }
}
