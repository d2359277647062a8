package dev.ragservice.bootstrap.observe;

import dev.ragservice.domain.cache.CacheListener;
import dev.ragservice.domain.cache.CacheTier;
import dev.ragservice.domain.ratelimit.LimitKind;
import dev.ragservice.domain.ratelimit.RateLimitListener;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import java.time.Duration;

/**
 * The service's Prometheus metrics. Helidon appends {@code _total} to counters and {@code _seconds} to timers,
 * so {@code rag_requests} is scraped as {@code rag_requests_total}. Every label value comes from a small fixed
 * set (endpoint names, status codes, tiers, error types): never from user input.
 */
public final class RagMetrics implements CacheListener, RateLimitListener {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Meters meters;

    public RagMetrics() {
        this(Metrics.globalRegistry());
    }

    public RagMetrics(MeterRegistry registry) {
        this.meters = new Meters(registry);
        // Present (at 0) from the start, so dashboards and alerts see the series before the first event.
        for (LimitKind kind : LimitKind.values()) {
            rateLimitedCounter(kind);
        }
        rateLimitStoreErrorsCounter();
    }

    public void request(String endpoint, int status, Duration latency) {
        meters.counter("rag_requests", "Requests served", "endpoint", endpoint, "status", Integer.toString(status))
                .increment();
        meters.timer("rag_request_latency", "Request latency", LATENCY_BUCKETS, "endpoint", endpoint)
                .record(latency);
    }

    public void error(String type) {
        meters.counter("rag_errors", "Failed requests by error type", "type", type).increment();
    }

    public void ingested(long chunks) {
        meters.counter("rag_ingested_chunks", "Chunks embedded and stored").increment(chunks);
    }

    @Override
    public void hit(CacheTier tier) {
        meters.counter("rag_cache_hits", "Cache hits by tier", "tier", tier.label()).increment();
    }

    @Override
    public void miss(CacheTier tier) {
        meters.counter("rag_cache_misses", "Cache misses by tier", "tier", tier.label()).increment();
    }

    @Override
    public void error(CacheTier tier, RuntimeException e) {
        meters.counter("rag_cache_errors", "Cache operations that failed, by tier", "tier", tier.label())
                .increment();
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
        return meters.counter("rag_rate_limited", "Requests and language-model calls refused by a rate limit",
                "limit", kind.label());
    }

    private Counter rateLimitStoreErrorsCounter() {
        return meters.counter("rag_rate_limit_store_errors", "Rate-limit store operations that failed");
    }

    /** How close the nearest cached question was, for tuning {@code SEMANTIC_CACHE_THRESHOLD}. */
    @Override
    public void semanticSimilarity(double nearest) {
        meters.registry().getOrCreate(DistributionSummary.builder("rag_semantic_cache_similarity",
                        DistributionStatisticsConfig.builder()
                                .buckets(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99, 1.0)
                                .percentiles(new double[0]))
                .description("Cosine similarity of the nearest cached question on a semantic cache lookup"))
                .record(nearest);
    }
}
