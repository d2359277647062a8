package dev.ragservice.bootstrap.resilience;

import dev.ragservice.bootstrap.config.ResilienceSettings;
import dev.ragservice.ports.DependencyException;
import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** One {@link Guard} per dependency, made from the same settings, and the threads their timeouts run calls on. */
public final class Resilience implements AutoCloseable {

    private static final String EMBEDDING = "embedding";
    private static final String INGEST_EMBEDDING = "embedding_ingest";
    private static final String VECTOR_STORE = "vector_store";
    private static final String LLM = "llm";
    private static final String CACHE = "cache";

    private final ResilienceSettings settings;
    /** Runs calls whose caller waits with a timeout. */
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** Runs the breakers' timers (open to half-open), which need not finish. */
    private final ExecutorService timers = Executors.newVirtualThreadPerTaskExecutor();

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final Clock clock;

    public Resilience(ResilienceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Guard embedding() {
        return guards.computeIfAbsent(EMBEDDING, name -> full(name, settings.embeddingTimeout()));
    }

    /**
     * Embedding for ingestion: a bulkhead and a breaker apart from the queries', so large ingests queue behind each
     * other and never take a query's slot, and a model failing on huge batches does not open the queries' breaker.
     */
    public Guard ingestEmbedding() {
        return guards.computeIfAbsent(INGEST_EMBEDDING, name -> full(name, settings.embeddingTimeout()));
    }

    public Guard vectorStore() {
        return guards.computeIfAbsent(VECTOR_STORE, name -> full(name, settings.vectorStoreTimeout()));
    }

    public Guard llm() {
        return guards.computeIfAbsent(LLM, name -> full(name, settings.llmTimeout()));
    }

    /** A breaker only: a cache failure is bypassed, so retrying or queueing for it would only add latency. */
    public Guard cache() {
        return guards.computeIfAbsent(
                CACHE,
                name -> new Guard(
                        name,
                        breaker(name, settings.cacheBreakerDelay()),
                        settings.cacheBreakerDelay(),
                        null,
                        null,
                        new Backoff(1, settings.retryBaseDelay(), settings.retryMaxDelay()),
                        executor,
                        clock));
    }

    /** The guards made so far, by name, for {@code /status}, health and metrics. */
    public List<Guard> guards() {
        return guards.values().stream()
                .sorted(Comparator.comparing(Guard::name))
                .toList();
    }

    private Guard full(String name, Duration timeout) {
        Bulkhead bulkhead = Bulkhead.create(
                builder -> builder.name(name).limit(settings.maxConcurrent()).queueLength(settings.maxQueue()));
        return new Guard(
                name,
                breaker(name, settings.breakerDelay()),
                settings.breakerDelay(),
                bulkhead,
                timeout,
                new Backoff(settings.retryAttempts(), settings.retryBaseDelay(), settings.retryMaxDelay()),
                executor,
                clock);
    }

    /** Opens after that many failures in a row: a window of that size that must be all failures. */
    private CircuitBreaker breaker(String name, Duration delay) {
        return CircuitBreaker.create(builder -> builder.name(name)
                .volume(settings.breakerFailures())
                .errorRatio(100)
                .successThreshold(settings.breakerSuccesses())
                .delay(delay)
                .executor(timers)
                .applyOn(Set.<Class<? extends Throwable>>of(DependencyException.class)));
    }

    /**
     * Lets calls whose callers stopped waiting finish first (briefly), so the adapters are not closed under them.
     */
    @Override
    public void close() {
        timers.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
