package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.Optional;

/**
 * A cache behind a circuit breaker: while it is down, lookups fail at once instead of each waiting for a
 * connection timeout, and the caches above bypass it; a trial call after the breaker's delay finds it back.
 */
public final class GuardedCache implements Cache {

    private final Cache cache;
    private final Guard guard;

    public GuardedCache(Cache cache, Guard guard) {
        this.cache = cache;
        this.guard = guard;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return guard.call(() -> cache.get(key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        guard.call(() -> {
            cache.put(key, value, ttl);
            return null;
        });
    }

    @Override
    public long increment(String key) {
        return guard.call(() -> cache.increment(key));
    }

    @Override
    public long counter(String key) {
        return guard.call(() -> cache.counter(key));
    }

    /** Asks the cache itself, so health shows the truth even while the breaker is open. */
    @Override
    public boolean isAvailable() {
        return cache.isAvailable();
    }
}
