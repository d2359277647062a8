package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.Optional;

/**
 * Times every cache call ({@code rag_cache_operation_seconds{operation, outcome}}), whatever the backend.
 * Errors are still thrown: the domain decides to carry on without the cache.
 */
public final class MeteredCache implements Cache {

    private final Cache cache;
    private final OperationTimer timer;

    public MeteredCache(Cache cache, RagMetrics metrics) {
        this.cache = cache;
        this.timer = metrics.cacheOperations();
    }

    @Override
    public Optional<byte[]> get(String key) {
        return timer.time("get", () -> cache.get(key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        timer.run("put", () -> cache.put(key, value, ttl));
    }

    @Override
    public long increment(String key) {
        return timer.time("increment", () -> cache.increment(key));
    }

    @Override
    public long counter(String key) {
        return timer.time("counter", () -> cache.counter(key));
    }

    @Override
    public boolean isAvailable() {
        return cache.isAvailable();
    }
}
