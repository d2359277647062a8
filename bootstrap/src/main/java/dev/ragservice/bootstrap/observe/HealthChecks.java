package dev.ragservice.bootstrap.observe;

import dev.ragservice.bootstrap.RagApplication;
import dev.ragservice.bootstrap.resilience.Guard;
import dev.ragservice.bootstrap.resilience.Resilience;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready}. Ready means the service can answer: the
 * embedding model works (its breaker is not open), the vector store answers, and the service is not shutting
 * down. The chat model and the cache do not take the pod out of the load balancer: without the first the
 * service answers degraded, without the second it bypasses the cache; both show in the details instead.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    public static HealthObserver observer(RagApplication application, AtomicBoolean accepting) {
        Resilience resilience = application.resilience();
        HealthObserverConfig.Builder health = HealthObserver.builder()
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
                                .status(application.embeddingModel().dimension() > 0
                                        && !resilience.embedding().isOpen())
                                .detail("model", application.embeddingModel().modelId())
                                .detail("circuit_breaker", state(resilience.embedding()))
                                .build(),
                        HealthCheckType.READINESS, "embedding_model")
                .addCheck(() -> HealthCheckResponse.builder()
                                .status(application.vectorStore().isAvailable())
                                .detail("circuit_breaker", state(resilience.vectorStore()))
                                .build(),
                        HealthCheckType.READINESS, "vector_store")
                .addCheck(() -> HealthCheckResponse.builder()
                                .status(true)
                                .detail("available", application.cache().isAvailable())
                                .detail("circuit_breaker", state(resilience.cache()))
                                .build(),
                        HealthCheckType.READINESS, "cache");
        if (application.hasChatModel()) {
            health.addCheck(() -> HealthCheckResponse.builder()
                            .status(true)
                            .detail("circuit_breaker", state(resilience.llm()))
                            .build(),
                    HealthCheckType.READINESS, "llm");
        }
        return health.build();
    }

    private static String state(Guard guard) {
        return guard.status().state();
    }
}
