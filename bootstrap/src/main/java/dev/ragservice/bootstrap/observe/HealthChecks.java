package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.vector.VectorStore;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.health.HealthObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready}. Ready means the service can answer: the
 * model is loaded, the index is open and the service is not shutting down. A cache that is down does not take
 * the pod out of the load balancer (queries bypass the cache); it shows in the details instead.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    public static HealthObserver observer(EmbeddingModel model, VectorStore store, Cache cache,
                                          AtomicBoolean accepting) {
        return HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(() -> HealthCheckResponse.builder().status(true).build(),
                        HealthCheckType.LIVENESS, "process")
                .addCheck(() -> HealthCheckResponse.builder()
                                .status(accepting.get())
                                .detail("accepting", accepting.get())
                                .build(),
                        HealthCheckType.READINESS, "server")
                .addCheck(() -> HealthCheckResponse.builder()
                                .status(model.dimension() > 0)
                                .detail("model", model.modelId())
                                .build(),
                        HealthCheckType.READINESS, "embedding_model")
                .addCheck(() -> HealthCheckResponse.builder()
                                .status(store.isAvailable())
                                .build(),
                        HealthCheckType.READINESS, "vector_store")
                .addCheck(() -> HealthCheckResponse.builder()
                                .status(true)
                                .detail("available", cache.isAvailable())
                                .build(),
                        HealthCheckType.READINESS, "cache")
                .build();
    }
}
