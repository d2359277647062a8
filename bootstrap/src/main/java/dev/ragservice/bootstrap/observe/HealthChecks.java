package dev.ragservice.bootstrap.observe;

import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import java.util.function.BooleanSupplier;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready}. Ready means the service can answer: the
 * embedding model works (its breaker is not open), the vector store answers, and the service is not shutting
 * down. The chat model and the cache do not take the pod out of the load balancer: without the first the
 * service answers degraded, without the second it bypasses the cache; both show in the details instead.
 */
public final class HealthChecks {

    private HealthChecks() {}

    /** What the readiness checks below decide together, for answers without details. */
    public static boolean ready(Dependencies dependencies, BooleanSupplier accepting) {
        return accepting.getAsBoolean() && dependencies.embeddingReady() && dependencies.vectorStoreAvailable();
    }

    public static HealthObserver observer(Dependencies dependencies, BooleanSupplier accepting) {
        HealthObserverConfig.Builder health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(() -> HealthCheckResponse.builder().status(true).build(), HealthCheckType.LIVENESS, "process")
                .addCheck(
                        () -> HealthCheckResponse.builder()
                                .status(accepting.getAsBoolean())
                                .detail("accepting", accepting.getAsBoolean())
                                .build(),
                        HealthCheckType.READINESS,
                        "server")
                .addCheck(
                        () -> HealthCheckResponse.builder()
                                .status(dependencies.embeddingReady())
                                .detail("model", dependencies.embeddingModel())
                                .detail(
                                        "circuit_breaker",
                                        dependencies.embeddingBreaker().state())
                                .build(),
                        HealthCheckType.READINESS,
                        "embedding_model")
                .addCheck(
                        () -> HealthCheckResponse.builder()
                                .status(dependencies.vectorStoreAvailable())
                                .detail(
                                        "circuit_breaker",
                                        dependencies.vectorStoreBreaker().state())
                                .build(),
                        HealthCheckType.READINESS,
                        "vector_store")
                .addCheck(
                        () -> HealthCheckResponse.builder()
                                .status(true)
                                .detail("available", dependencies.cacheAvailable())
                                .detail(
                                        "circuit_breaker",
                                        dependencies.cacheBreaker().state())
                                .build(),
                        HealthCheckType.READINESS,
                        "cache");
        if (dependencies.hasChatModel()) {
            health.addCheck(
                    () -> HealthCheckResponse.builder()
                            .status(true)
                            .detail("circuit_breaker", dependencies.llmBreaker().state())
                            .build(),
                    HealthCheckType.READINESS,
                    "llm");
        }
        return health.build();
    }
}
