package dev.ragservice.bootstrap.config;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.time.Duration;

/**
 * How the service guards its calls to the LLM, the embedding model, the vector store and the cache.
 *
 * @param breakerFailures  consecutive failures that open a dependency's circuit breaker
 * @param breakerDelay     how long an open breaker fails fast before it lets a trial call through
 * @param breakerSuccesses successful trial calls that close it again
 * @param cacheBreakerDelay the cache's own, shorter: a trial call costs a few milliseconds, and every minute
 *                          without the cache costs every query its embedding and search
 * @param maxConcurrent    calls in flight per dependency (the bulkhead)
 * @param maxQueue         calls that may wait for a free slot; more are refused at once
 * @param retryAttempts    attempts of a call that is safe to repeat, the first included
 * @param retryBaseDelay   first backoff; it doubles per attempt, with jitter, up to {@code retryMaxDelay}
 * @param queryTimeout     the deadline of a query, shared by all its stages
 * @param ingestTimeout    the deadline of an ingest request, which embeds and stores many chunks
 */
public record ResilienceSettings(
        int breakerFailures,
        Duration breakerDelay,
        int breakerSuccesses,
        Duration cacheBreakerDelay,
        int maxConcurrent,
        int maxQueue,
        int retryAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Duration queryTimeout,
        Duration ingestTimeout,
        Duration llmTimeout,
        Duration embeddingTimeout,
        Duration vectorStoreTimeout) {

    static ResilienceSettings from(PluginConfig env) {
        return new ResilienceSettings(
                atLeastOne(env, "CIRCUIT_BREAKER_FAILURE_THRESHOLD", 5),
                positiveMillis(env, "CIRCUIT_BREAKER_DELAY_MS", Duration.ofSeconds(30)),
                atLeastOne(env, "CIRCUIT_BREAKER_SUCCESS_THRESHOLD", 2),
                positiveMillis(env, "CACHE_CIRCUIT_BREAKER_DELAY_MS", Duration.ofSeconds(5)),
                atLeastOne(env, "MAX_CONCURRENT", 10),
                atLeast(env, "MAX_QUEUE", 20, 0),
                atLeastOne(env, "RETRY_MAX_ATTEMPTS", 3),
                positiveMillis(env, "RETRY_BASE_DELAY_MS", Duration.ofMillis(200)),
                positiveMillis(env, "RETRY_MAX_DELAY_MS", Duration.ofSeconds(5)),
                positiveMillis(env, "REQUEST_TIMEOUT_MS", Duration.ofSeconds(30)),
                positiveMillis(env, "INGEST_TIMEOUT_MS", Duration.ofMinutes(5)),
                positiveMillis(env, "LLM_TIMEOUT_MS", Duration.ofSeconds(30)),
                positiveMillis(env, "EMBEDDING_TIMEOUT_MS", Duration.ofSeconds(30)),
                positiveMillis(env, "VECTOR_STORE_TIMEOUT_MS", Duration.ofSeconds(10)));
    }

    private static int atLeastOne(PluginConfig env, String name, int defaultValue) {
        return atLeast(env, name, defaultValue, 1);
    }

    private static int atLeast(PluginConfig env, String name, int defaultValue, int min) {
        int value = env.getInt(name, defaultValue);
        if (value < min) {
            throw new PluginConfigException(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static Duration positiveMillis(PluginConfig env, String name, Duration defaultValue) {
        Duration value = env.getMillis(name, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw new PluginConfigException(
                    name + " must be a positive number of milliseconds, got " + value.toMillis());
        }
        return value;
    }
}
