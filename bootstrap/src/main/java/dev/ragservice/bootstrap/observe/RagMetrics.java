package dev.ragservice.bootstrap.observe;

import dev.ragservice.domain.cache.CacheListener;
import dev.ragservice.domain.cache.CacheTier;
import dev.ragservice.domain.ratelimit.LimitKind;
import dev.ragservice.domain.ratelimit.RateLimitListener;
import dev.ragservice.ports.DependencyException;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The service's Prometheus metrics. Helidon appends {@code _total} to counters and {@code _seconds} to timers,
 * so {@code rag_requests} is scraped as {@code rag_requests_total}. Every label value comes from a small fixed
 * set (endpoint names, status codes, tiers, error types): never from user input.
 */
public final class RagMetrics implements CacheListener, RateLimitListener {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    private final Meters meters;
    // The meters of every cache hit and request, by their label values: cheaper to find than by meter name.
    private final Map<CacheTier, Counter> hits = new ConcurrentHashMap<>();
    private final Map<CacheTier, Counter> misses = new ConcurrentHashMap<>();
    private final Map<RequestLabels, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    private record RequestLabels(String endpoint, int status) {}

    // One timer per port, every series at zero from the start (see OperationTimer).
    private final OperationTimer cacheOperations;
    private final OperationTimer embeddingOperations;
    private final OperationTimer vectorStoreOperations;
    private final OperationTimer llmOperations;
    private final OperationTimer rateLimitStoreOperations;
    private final Timer firstToken;

    public RagMetrics() {
        this(Metrics.globalRegistry());
    }

    public RagMetrics(MeterRegistry registry) {
        this.meters = new Meters(registry);
        this.cacheOperations = new OperationTimer(
                meters,
                "rag_cache_operation",
                "Cache calls by operation and outcome",
                OperationTimer.FAST_BUCKETS,
                "get",
                "put",
                "increment",
                "counter");
        this.embeddingOperations = new OperationTimer(
                meters,
                "rag_embedding_operation",
                "Embedding model calls by operation and outcome",
                OperationTimer.SLOW_BUCKETS,
                "embed");
        this.vectorStoreOperations = new OperationTimer(
                meters,
                "rag_vector_store_operation",
                "Vector store calls by operation and outcome",
                OperationTimer.SLOW_BUCKETS,
                "upsert",
                "search",
                "keyword_search",
                "delete",
                "stats");
        this.llmOperations = new OperationTimer(
                meters,
                "rag_llm_operation",
                "Chat model calls by operation and outcome",
                OperationTimer.SLOW_BUCKETS,
                "chat",
                "stream");
        this.rateLimitStoreOperations = new OperationTimer(
                meters,
                "rag_rate_limit_store_operation",
                "Rate-limit store calls by operation and outcome",
                OperationTimer.FAST_BUCKETS,
                "acquire",
                "adjust",
                "peek");
        this.firstToken = meters.timer(
                "rag_llm_time_to_first_token",
                "Time from asking the chat model for a stream to its first piece of text",
                OperationTimer.SLOW_BUCKETS);
        startAtZero();
    }

    /**
     * Series whose labels come from a fixed set exist from the start, at zero: a scrape shows them before their
     * first event, so rates, ratios and alerts ({@code rag_cache_errors_total}) work on a service that has not
     * failed yet.
     */
    private void startAtZero() {
        for (CacheTier tier : CacheTier.values()) {
            hits(tier);
            misses(tier);
            errors(tier);
        }
        for (String type : new String[] {"client_error", "rate_limited", "internal"}) {
            errors(type);
        }
        for (DependencyException.Kind kind : DependencyException.Kind.values()) {
            errors("dependency_" + kind.name().toLowerCase(Locale.ROOT));
        }
        for (String reason : new String[] {"circuit_open", "bulkhead_full"}) {
            errors("dependency_" + reason);
        }
        llmCalls("success");
        llmCalls("error");
        llmTokens("prompt");
        llmTokens("completion");
        degradedAnswers();
        ingestedChunks();
        similarity();
        for (LimitKind kind : LimitKind.values()) {
            rateLimitedCounter(kind);
        }
        rateLimitStoreErrorsCounter();
    }

    public void request(String endpoint, int status, Duration latency) {
        requests.computeIfAbsent(
                        new RequestLabels(endpoint, status),
                        labels -> meters.counter(
                                "rag_requests",
                                "Requests served",
                                "endpoint",
                                endpoint,
                                "status",
                                Integer.toString(status)))
                .increment();
        latencies
                .computeIfAbsent(
                        endpoint,
                        unused -> meters.timer(
                                "rag_request_latency", "Request latency", LATENCY_BUCKETS, "endpoint", endpoint))
                .record(latency);
    }

    public void error(String type) {
        errors(type).increment();
    }

    public void ingested(long chunks) {
        ingestedChunks().increment(chunks);
    }

    /** A call that reached the chat model (each retry is one). */
    public void llmCall(boolean succeeded) {
        llmCalls(succeeded ? "success" : "error").increment();
    }

    public void llmTokens(long prompt, long completion) {
        llmTokens("prompt").increment(prompt);
        llmTokens("completion").increment(completion);
    }

    /** How long a streamed answer took to start: {@code rag_llm_time_to_first_token_seconds}. */
    public void llmFirstToken(Duration wait) {
        firstToken.record(wait);
    }

    /** An extractive answer given because the chat model failed. */
    public void degradedAnswer() {
        degradedAnswers().increment();
    }

    /** Every call that reaches the cache backend: {@code rag_cache_operation_seconds}. */
    public OperationTimer cacheOperations() {
        return cacheOperations;
    }

    /** Every call that reaches the embedding model: {@code rag_embedding_operation_seconds}. */
    public OperationTimer embeddingOperations() {
        return embeddingOperations;
    }

    /** Every call that reaches the vector store: {@code rag_vector_store_operation_seconds}. */
    public OperationTimer vectorStoreOperations() {
        return vectorStoreOperations;
    }

    /** Every call that reaches the chat model: {@code rag_llm_operation_seconds}. */
    public OperationTimer llmOperations() {
        return llmOperations;
    }

    /** Every call that reaches the rate-limit store: {@code rag_rate_limit_store_operation_seconds}. */
    public OperationTimer rateLimitStoreOperations() {
        return rateLimitStoreOperations;
    }

    /** Registers {@code rag_circuit_breaker_state{name}}: 0 closed, 1 open, 2 half-open. */
    public void circuitBreaker(String name, IntSupplier state) {
        List<Tag> tags = List.of(Tag.create("name", name));
        // A gauge reads the breaker it was made with; a server started again in the same JVM (tests) has new ones.
        meters.registry().remove("rag_circuit_breaker_state", tags, "application");
        meters.registry()
                .getOrCreate(Gauge.builder("rag_circuit_breaker_state", () -> state.getAsInt())
                        .description("Circuit breaker state per dependency: 0 closed, 1 open, 2 half-open")
                        .tags(tags));
    }

    private Counter llmCalls(String outcome) {
        return meters.counter("rag_llm_calls", "Calls to the chat model by outcome", "outcome", outcome);
    }

    private Counter llmTokens(String kind) {
        return meters.counter("rag_llm_tokens", "Tokens the chat model reported, by kind", "kind", kind);
    }

    private Counter degradedAnswers() {
        return meters.counter("rag_degraded_answers", "Extractive answers given because the chat model failed");
    }

    @Override
    public void hit(CacheTier tier) {
        hits(tier).increment();
    }

    @Override
    public void miss(CacheTier tier) {
        misses(tier).increment();
    }

    @Override
    public void error(CacheTier tier, RuntimeException e) {
        errors(tier).increment();
    }

    /** A request or a language-model call refused by the client's limit: {@code rag_rate_limited_total}. */
    @Override
    public void limited(LimitKind kind) {
        rateLimitedCounter(kind).increment();
    }

    /** The rate-limit store failed (the request was then admitted or refused by the policy). */
    @Override
    public void storeError(RuntimeException e) {
        rateLimitStoreErrorsCounter().increment();
    }

    private Counter rateLimitedCounter(LimitKind kind) {
        return meters.counter(
                "rag_rate_limited", "Requests and language-model calls refused by a rate limit", "limit", kind.label());
    }

    private Counter rateLimitStoreErrorsCounter() {
        return meters.counter("rag_rate_limit_store_errors", "Rate-limit store operations that failed");
    }

    /** How close the nearest cached question was, for tuning {@code SEMANTIC_CACHE_THRESHOLD}. */
    @Override
    public void semanticSimilarity(double nearest) {
        similarity().record(nearest);
    }

    private Counter hits(CacheTier tier) {
        return hits.computeIfAbsent(
                tier, unused -> meters.counter("rag_cache_hits", "Cache hits by tier", "tier", tier.label()));
    }

    private Counter misses(CacheTier tier) {
        return misses.computeIfAbsent(
                tier, unused -> meters.counter("rag_cache_misses", "Cache misses by tier", "tier", tier.label()));
    }

    private Counter errors(CacheTier tier) {
        return meters.counter("rag_cache_errors", "Cache operations that failed, by tier", "tier", tier.label());
    }

    private Counter errors(String type) {
        return meters.counter("rag_errors", "Failed requests by error type", "type", type);
    }

    private Counter ingestedChunks() {
        return meters.counter("rag_ingested_chunks", "Chunks embedded and stored");
    }

    private DistributionSummary similarity() {
        return meters.registry()
                .getOrCreate(DistributionSummary.builder(
                                "rag_semantic_cache_similarity",
                                DistributionStatisticsConfig.builder()
                                        .buckets(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99, 1.0)
                                        .percentiles(new double[0]))
                        .description("Cosine similarity of the nearest cached question on a semantic cache lookup"));
    }
}
