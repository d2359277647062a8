package dev.ragservice.bootstrap.application;

import dev.ragservice.bootstrap.config.RateLimitSettings;
import dev.ragservice.bootstrap.observe.MeteredCache;
import dev.ragservice.bootstrap.observe.MeteredChatModel;
import dev.ragservice.bootstrap.observe.MeteredEmbeddingModel;
import dev.ragservice.bootstrap.observe.MeteredRateLimitStore;
import dev.ragservice.bootstrap.observe.MeteredVectorStore;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.resilience.GuardedCache;
import dev.ragservice.bootstrap.resilience.GuardedChatModel;
import dev.ragservice.bootstrap.resilience.GuardedEmbeddingModel;
import dev.ragservice.bootstrap.resilience.GuardedVectorStore;
import dev.ragservice.bootstrap.resilience.Resilience;
import dev.ragservice.domain.ratelimit.CoalescingRateLimitStore;
import dev.ragservice.domain.ratelimit.RateLimiter;
import dev.ragservice.domain.ratelimit.TokenLimitedChat;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.vector.VectorStore;

/**
 * Wraps every adapter in the same layers, in the same order, from the inside out:
 * <ol>
 *   <li><b>metrics</b>: every call that reaches the adapter, retries included, timed by operation and outcome
 *       ({@code rag_<port>_operation_seconds});</li>
 *   <li><b>guard</b>: the dependency's circuit breaker, bulkhead, timeout (bounded by the request's deadline) and
 *       retries of transient failures ({@link Resilience}). The cache's guard is a breaker only: a failing cache
 *       is bypassed, not waited for. The rate-limit store has none: the limiter fails open or closed by policy;</li>
 *   <li><b>limits</b>: per client, outside everything else, so a refusal is the client's limit and never a
 *       failure of the dependency. Today the chat model's tokens per minute; the other ports have none.</li>
 * </ol>
 */
final class PortDecorations {

    private final RagMetrics metrics;
    private final Resilience resilience;

    PortDecorations(RagMetrics metrics, Resilience resilience) {
        this.metrics = metrics;
        this.resilience = resilience;
    }

    EmbeddingModel embedding(EmbeddingModel adapter) {
        return new GuardedEmbeddingModel(new MeteredEmbeddingModel(adapter, metrics), resilience.embedding());
    }

    /** The same model for ingestion, behind a guard (breaker, bulkhead) of its own. */
    EmbeddingModel ingestEmbedding(EmbeddingModel adapter) {
        return new GuardedEmbeddingModel(new MeteredEmbeddingModel(adapter, metrics), resilience.ingestEmbedding());
    }

    VectorStore vectorStore(VectorStore adapter) {
        return new GuardedVectorStore(new MeteredVectorStore(adapter, metrics), resilience.vectorStore());
    }

    Cache cache(Cache adapter) {
        return new GuardedCache(new MeteredCache(adapter, metrics), resilience.cache());
    }

    TokenLimitedChat chat(ChatModel adapter, RateLimiter limiter) {
        return new TokenLimitedChat(
                new GuardedChatModel(new MeteredChatModel(adapter, metrics), resilience.llm()), limiter);
    }

    /**
     * A store in this process (the memory backend) is only metered; any other is a round trip away, and concurrent
     * attempts of one client then share its calls ({@link CoalescingRateLimitStore}, with the settings' spares),
     * coalesced outside the metrics so that those count the calls that really reach the store.
     */
    RateLimitStore rateLimits(RateLimitStore adapter, RateLimitSettings settings) {
        RateLimitStore metered = new MeteredRateLimitStore(adapter, metrics);
        return settings.inProcess() ? metered : new CoalescingRateLimitStore(metered, settings.spares());
    }
}
