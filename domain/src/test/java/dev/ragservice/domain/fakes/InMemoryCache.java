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
 * call. It can be told to fail its counters only, to simulate a corpus version that cannot be read, or the values
 * whose keys start with a prefix (one tier). Entries can be evicted, as a full cache does.
 */
public final class InMemoryCache implements Cache {

    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean countersFail;
    private volatile String failingPrefix;

    @Override
    public Optional<byte[]> get(String key) {
        calls.incrementAndGet();
        failValueIfAsked(key);
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        calls.incrementAndGet();
        failValueIfAsked(key);
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

    /** Makes every get and put of a key starting with the prefix fail; null makes them work again. */
    public void failValues(String keyPrefix) {
        failingPrefix = keyPrefix;
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

    /** Drops an entry before its time, as a cache under memory pressure does. */
    public void evict(String key) {
        values.remove(key);
        ttls.remove(key);
    }

    /** The stored value, without counting a call. */
    public Optional<byte[]> peek(String key) {
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    private void failValueIfAsked(String key) {
        String prefix = failingPrefix;
        if (prefix != null && key.startsWith(prefix)) {
            throw new DependencyException("fake-cache", DependencyException.Kind.UNAVAILABLE, "values down", null);
        }
    }

    private void failCounterIfAsked() {
        if (countersFail) {
            throw new DependencyException("fake-cache", DependencyException.Kind.UNAVAILABLE, "counters down", null);
        }
    }
}
