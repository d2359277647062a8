package dev.ragservice.domain.fakes;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cache in a map that never expires entries but remembers the TTL each was stored with, and counts every
 * call. It can be told to fail its counters only, to simulate a corpus version that cannot be read.
 */
public final class InMemoryCache implements Cache {

    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean countersFail;

    @Override
    public Optional<byte[]> get(String key) {
        calls.incrementAndGet();
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        calls.incrementAndGet();
        values.put(key, value.clone());
        ttls.put(key, ttl);
    }

    @Override
    public long increment(String key) {
        calls.incrementAndGet();
        failCounterIfAsked();
        return counters.merge(key, 1L, Long::sum);
    }

    @Override
    public long counter(String key) {
        calls.incrementAndGet();
        failCounterIfAsked();
        return counters.getOrDefault(key, 0L);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    public void failCounters(boolean fail) {
        countersFail = fail;
    }

    /** Every call of the port so far. */
    public int calls() {
        return calls.get();
    }

    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    public Duration ttl(String key) {
        return ttls.get(key);
    }

    /** Replaces a stored value, to simulate corruption or another release's format. */
    public void overwrite(String key, byte[] value) {
        values.put(key, value.clone());
    }

    private void failCounterIfAsked() {
        if (countersFail) {
            throw new DependencyException("fake-cache", DependencyException.Kind.UNAVAILABLE, "counters down", null);
        }
    }
}
