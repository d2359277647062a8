package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.cache.Cache;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Times every cache call ({@code rag_cache_operation_seconds{operation, outcome}}), whatever the backend.
 * Errors are still thrown: the domain decides to carry on without the cache.
 */
public final class MeteredCache implements Cache, AutoCloseable {

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250)};

    private final Cache cache;
    private final Meters meters;
    // By operation: cheaper to find on every call than by meter name and labels.
    private final Map<String, Timer> succeeded = new ConcurrentHashMap<>();
    private final Map<String, Timer> failed = new ConcurrentHashMap<>();

    public MeteredCache(Cache cache) {
        this(cache, Metrics.globalRegistry());
    }

    MeteredCache(Cache cache, MeterRegistry registry) {
        this.cache = cache;
        this.meters = new Meters(registry);
        // Every series at zero from the start, so a failing cache shows as a rate of errors, not a new series.
        for (String operation : new String[] {"get", "put", "increment", "counter"}) {
            timer(operation, true);
            timer(operation, false);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return timed("get", () -> cache.get(key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        timed("put", () -> {
            cache.put(key, value, ttl);
            return null;
        });
    }

    @Override
    public long increment(String key) {
        return timed("increment", () -> cache.increment(key));
    }

    @Override
    public long counter(String key) {
        return timed("counter", () -> cache.counter(key));
    }

    @Override
    public boolean isAvailable() {
        return cache.isAvailable();
    }

    @Override
    public void close() throws Exception {
        if (cache instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            T result = call.get();
            ok = true;
            return result;
        } finally {
            timer(operation, ok).record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private Timer timer(String operation, boolean ok) {
        String outcome = ok ? "ok" : "error";
        return (ok ? succeeded : failed).computeIfAbsent(operation, unused -> meters.timer("rag_cache_operation",
                "Cache calls by operation and outcome", BUCKETS, "operation", operation, "outcome", outcome));
    }
}
