package dev.ragservice.bootstrap.observe;

import dev.ragservice.bootstrap.resilience.BreakerStatus;
import dev.ragservice.bootstrap.resilience.Guard;
import dev.ragservice.bootstrap.resilience.Resilience;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code /status} and the health checks may know of the dependencies: which adapter serves each port,
 * whether each is reachable, what a namespace holds, how the circuit breakers stand. A read-only view: nothing
 * here can serve a request.
 */
public final class Dependencies {

    private final Map<String, String> adapters;
    private final EmbeddingModel embedding;
    private final VectorStore store;
    private final Cache cache;
    private final RateLimitStore rateLimits;
    private final Resilience resilience;
    private final boolean chatModel;
    private final Duration statsTimeout;

    /** @param statsTimeout how long {@link #stats} may take: status must answer while a store hangs */
    public Dependencies(
            Map<String, String> adapters,
            EmbeddingModel embedding,
            VectorStore store,
            Cache cache,
            RateLimitStore rateLimits,
            Resilience resilience,
            boolean chatModel,
            Duration statsTimeout) {
        this.adapters = Map.copyOf(adapters);
        this.embedding = embedding;
        this.store = store;
        this.cache = cache;
        this.rateLimits = rateLimits;
        this.resilience = resilience;
        this.chatModel = chatModel;
        this.statsTimeout = statsTimeout;
    }

    /** Which adapter serves each port. */
    public Map<String, String> adapters() {
        return adapters;
    }

    public String embeddingModel() {
        return embedding.modelId();
    }

    /** The model is loaded and its breaker lets calls through. */
    public boolean embeddingReady() {
        return embedding.dimension() > 0 && !resilience.embedding().isOpen();
    }

    /** Asks the store itself, so health sees it come back while its breaker is still open. */
    public boolean vectorStoreAvailable() {
        return store.isAvailable();
    }

    /** @throws dev.ragservice.ports.DependencyException when the store fails or takes too long */
    public StoreStats stats(String namespace) {
        return store.stats(namespace, Deadline.after(statsTimeout));
    }

    public boolean cacheAvailable() {
        return cache.isAvailable();
    }

    public boolean rateLimitsAvailable() {
        return rateLimits.isAvailable();
    }

    public boolean hasChatModel() {
        return chatModel;
    }

    public BreakerStatus embeddingBreaker() {
        return resilience.embedding().status();
    }

    public BreakerStatus vectorStoreBreaker() {
        return resilience.vectorStore().status();
    }

    public BreakerStatus cacheBreaker() {
        return resilience.cache().status();
    }

    public BreakerStatus llmBreaker() {
        return resilience.llm().status();
    }

    /** Every breaker made so far, by name. */
    public List<BreakerStatus> breakers() {
        return resilience.guards().stream().map(Guard::status).toList();
    }
}
