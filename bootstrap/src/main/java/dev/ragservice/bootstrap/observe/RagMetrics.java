package dev.ragservice.bootstrap.observe;

import dev.ragservice.domain.cache.CacheListener;
import dev.ragservice.domain.cache.CacheTier;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's Prometheus metrics. Helidon appends {@code _total} to counters and {@code _seconds} to timers,
 * so {@code rag_requests} is scraped as {@code rag_requests_total}. Every label value comes from a small fixed
 * set (endpoint names, status codes, tiers, error types): never from user input.
 */
public final class RagMetrics implements CacheListener {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Meters meters;
    // The meters of every cache hit and request, by their label values: cheaper to find than by meter name.
    private final Map<CacheTier, Counter> hits = new ConcurrentHashMap<>();
    private final Map<CacheTier, Counter> misses = new ConcurrentHashMap<>();
    private final Map<RequestLabels, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    private record RequestLabels(String endpoint, int status) {
    }

    public RagMetrics() {
        this(Metrics.globalRegistry());
    }

    public RagMetrics(MeterRegistry registry) {
        this.meters = new Meters(registry);
    }

    public void request(String endpoint, int status, Duration latency) {
        requests.computeIfAbsent(new RequestLabels(endpoint, status), labels -> meters.counter("rag_requests",
                "Requests served", "endpoint", endpoint, "status", Integer.toString(status))).increment();
        latencies.computeIfAbsent(endpoint, unused -> meters.timer("rag_request_latency", "Request latency",
                LATENCY_BUCKETS, "endpoint", endpoint)).record(latency);
    }

    public void error(String type) {
        meters.counter("rag_errors", "Failed requests by error type", "type", type).increment();
    }

    public void ingested(long chunks) {
        meters.counter("rag_ingested_chunks", "Chunks embedded and stored").increment(chunks);
    }

    @Override
    public void hit(CacheTier tier) {
        hits.computeIfAbsent(tier, unused -> meters.counter("rag_cache_hits", "Cache hits by tier",
                "tier", tier.label())).increment();
    }

    @Override
    public void miss(CacheTier tier) {
        misses.computeIfAbsent(tier, unused -> meters.counter("rag_cache_misses", "Cache misses by tier",
                "tier", tier.label())).increment();
    }

    @Override
    public void error(CacheTier tier, RuntimeException e) {
        meters.counter("rag_cache_errors", "Cache operations that failed, by tier", "tier", tier.label())
                .increment();
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
