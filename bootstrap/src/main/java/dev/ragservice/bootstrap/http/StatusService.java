package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.RagApplication;
import dev.ragservice.ports.vector.StoreStats;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code GET /status}: which adapter serves each port, what the index holds, how the dependencies are. */
public final class StatusService implements HttpService {

    record Dependency(boolean available) {
    }

    record Status(String status, Map<String, String> adapters, String namespace, long documents, long chunks,
                  long uptimeSeconds, Map<String, Dependency> dependencies) {
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
        StoreStats stats = application.vectorStore().stats(namespace);
        boolean storeUp = application.vectorStore().isAvailable();
        boolean cacheUp = application.cache().isAvailable();
        json.send(response, 200, new Status(
                storeUp && cacheUp ? "ok" : storeUp ? "degraded" : "down",
                application.adapters(),
                namespace,
                stats.documents(),
                stats.chunks(),
                Duration.between(started, Instant.now()).toSeconds(),
                Map.of("vector_store", new Dependency(storeUp), "cache", new Dependency(cacheUp))));
    }
}
