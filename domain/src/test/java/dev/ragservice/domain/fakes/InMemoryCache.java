package dev.ragservice.domain.fakes;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cache in a map that remembers the TTL each entry was stored with and expires it by a clock (the real one unless
 * a test brings its own), and counts every call. It can be told to fail its counters only, to simulate a corpus
 * version that cannot be read, or the values whose keys start with a prefix (one tier). Entries can be evicted, as
 * a full cache does.
 */
public final class InMemoryCache implements Cache {

    private record Entry(byte[] value, Duration ttl, Instant expiresAt) {}

    private final InstantSource clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean countersFail;
    private volatile String failingPrefix;

    public InMemoryCache() {
        this(InstantSource.system());
    }

    public InMemoryCache(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> get(String key) {
        calls.incrementAndGet();
        failValueIfAsked(key);
        return peek(key);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        calls.incrementAndGet();
        failValueIfAsked(key);
        if (ttl.isPositive()) {
            entries.put(key, new Entry(value.clone(), ttl, clock.instant().plus(ttl)));
        } else {
            entries.remove(key);
        }
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

    /** The keys of the entries that have not expired. */
    public Set<String> keys() {
        Instant now = clock.instant();
        Set<String> live = new TreeSet<>();
        entries.forEach((key, entry) -> {
            if (now.isBefore(entry.expiresAt())) {
                live.add(key);
            }
        });
        return live;
    }

    public Duration ttl(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.ttl();
    }

    /**
     * Replaces a stored value (keeping its expiry) or plants one that never expires, to simulate corruption or
     * another release's format.
     */
    public void overwrite(String key, byte[] value) {
        entries.compute(
                key,
                (k, entry) -> entry == null
                        ? new Entry(value.clone(), null, Instant.MAX)
                        : new Entry(value.clone(), entry.ttl(), entry.expiresAt()));
    }

    /** Drops an entry before its time, as a cache under memory pressure does. */
    public void evict(String key) {
        entries.remove(key);
    }

    /** The stored value, without counting a call. */
    public Optional<byte[]> peek(String key) {
        Entry entry = entries.get(key);
        if (entry == null || !clock.instant().isBefore(entry.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(entry.value().clone());
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
