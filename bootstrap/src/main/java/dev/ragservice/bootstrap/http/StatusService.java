package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.RagApplication;
import dev.ragservice.bootstrap.resilience.BreakerStatus;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.vector.StoreStats;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@code GET /status}: which adapter serves each port, what the index holds, how the dependencies are. */
public final class StatusService implements HttpService {

    record Dependency(boolean available) {
    }

    /** Times in ISO-8601 UTC; null when they do not apply (a closed breaker has no next attempt). */
    record Breaker(String state, long failures, long consecutiveFailures, long rejected, String openedAt,
                   String nextAttemptAt) {
        static Breaker of(BreakerStatus status) {
            return new Breaker(status.state(), status.failures(), status.consecutiveFailures(), status.rejected(),
                    Objects.toString(status.openedAt(), null), Objects.toString(status.nextAttemptAt(), null));
        }
    }

    record Status(String status, Map<String, String> adapters, String namespace, long documents, long chunks,
                  long uptimeSeconds, Map<String, Dependency> dependencies, Map<String, Breaker> circuitBreakers) {
    }

    private final RagApplication application;
    private final Json json;
    private final Instant started;

    public StatusService(RagApplication application, Json json, Instant started) {
        this.application = application;
        this.json = json;
        this.started = started;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::status).any("/", MethodNotAllowed.allow("GET"));
    }

    private void status(ServerRequest request, ServerResponse response) {
        String namespace = request.query().first("namespace").orElse(application.settings().defaultNamespace());
        boolean storeUp = application.vectorStore().isAvailable();
        boolean cacheUp = application.cache().isAvailable();
        // Down, limits fail open (or closed, refusing everyone): degraded either way, never down.
        boolean limitsUp = application.rateLimitStore().isAvailable();
        // Status must answer while the store is down: that is when operators look at it.
        StoreStats stats = storeUp ? statsOrEmpty(namespace) : new StoreStats(0, 0);
        Map<String, Breaker> breakers = new TreeMap<>();
        application.resilience().guards().forEach(guard -> breakers.put(guard.name(), Breaker.of(guard.status())));
        boolean anyOpen = breakers.values().stream().anyMatch(breaker -> breaker.state().equals("open"));
        json.send(response, 200, new Status(
                !storeUp ? "down" : cacheUp && limitsUp && !anyOpen ? "ok" : "degraded",
                application.adapters(),
                namespace,
                stats.documents(),
                stats.chunks(),
                Duration.between(started, Instant.now()).toSeconds(),
                Map.of("vector_store", new Dependency(storeUp), "cache", new Dependency(cacheUp),
                        "rate_limit", new Dependency(limitsUp)),
                breakers));
    }

    private StoreStats statsOrEmpty(String namespace) {
        try {
            return application.vectorStore().stats(namespace,
                    Deadline.after(application.settings().resilience().vectorStoreTimeout()));
        } catch (DependencyException e) {
            return new StoreStats(0, 0);
        }
    }
}
