package dev.ragservice.adapters.local.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process cache for one replica: Caffeine, bounded by the bytes it holds, with each entry's own time to
 * live. Values are kept as given and returned as kept, without copies: callers must not change an array after
 * putting it or after getting it.
 *
 * <p>Counters live apart from the cache and are never evicted: the service keys cached answers by corpus
 * version, and a version counter that fell out under memory pressure would start again and bring stale
 * answers back.
 */
public final class CaffeineCache implements Cache {

    /** Roughly what an entry costs besides its key and value (entry object, array header, timer links). */
    static final int ENTRY_OVERHEAD_BYTES = 96;

    private final com.github.benmanes.caffeine.cache.Cache<String, Entry> entries;
    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public CaffeineCache(long maxBytes) {
        this(maxBytes, Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** With a ticker and an executor for Caffeine's upkeep, so tests can move time and evict predictably. */
    CaffeineCache(long maxBytes, Ticker ticker, Executor executor) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> weight(key, entry.value()))
                // Writing, not creating: a put over an existing key starts that put's own time to live.
                .expireAfter(Expiry.writing((String key, Entry entry) -> entry.ttl()))
                .ticker(ticker)
                .executor(executor)
                .build();
    }

    @Override
    public Optional<byte[]> get(String key) {
        Entry entry = entries.getIfPresent(key);
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            // Already expired: it must not be served, and neither may what it replaces.
            entries.invalidate(key);
            return;
        }
        entries.put(key, new Entry(value, ttl));
    }

    @Override
    public long increment(String key) {
        return counters.computeIfAbsent(key, name -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public long counter(String key) {
        AtomicLong counter = counters.get(key);
        return counter == null ? 0 : counter.get();
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** Runs Caffeine's pending upkeep (evictions, expiry) now; for tests. */
    void cleanUp() {
        entries.cleanUp();
    }

    long estimatedSize() {
        return entries.estimatedSize();
    }

    private static int weight(String key, byte[] value) {
        long bytes = 2L * key.length() + value.length + ENTRY_OVERHEAD_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private record Entry(byte[] value, Duration ttl) {}
}
