package dev.ragservice.domain.cache;

import dev.ragservice.ports.cache.CounterCopies;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This replica's copies of entries it read from, or wrote to, a cache on another server (Redis, a Hazelcast
 * cluster), each used for at most {@link #KEEP}, so a popular entry crosses the network once a second instead of
 * on every hit.
 *
 * <p>Safe for the entries {@link QueryCaches} keeps under content keys: a key names everything its value was
 * computed from, the corpus version included, so no other value is ever written under it, and a copy can never
 * be of an older corpus than the shared entry. What a copy can do is outlive its shared entry by at most
 * {@code KEEP} (expired, evicted, or lost when the server restarted): the same bound as a corpus version's own
 * copy ({@link CounterCopies#TRUST}). Misses are not copied: another replica's write is seen at once. Never use
 * it for a value that changes under its key (a semantic index).
 *
 * <p>At most {@code maxEntries} are kept, all dropped at once when full, as {@link RecentValues} does.
 */
final class LocalCopies {

    static final Duration KEEP = CounterCopies.TRUST;

    private record Copy(byte[] value, long untilNanos) {}

    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests drive their own) */
    LocalCopies(int maxEntries, LongSupplier nanoTime) {
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** For a cache in this process, which needs no copies: every read goes to it. */
    static LocalCopies none() {
        return new LocalCopies(0, System::nanoTime);
    }

    /** The copy of {@code key} while it is fresh, else what {@code read} finds, copied when found. */
    Optional<byte[]> get(String key, Supplier<Optional<byte[]>> read) {
        if (maxEntries == 0) {
            return read.get();
        }
        long now = nanoTime.getAsLong();
        Copy copy = copies.get(key);
        if (copy != null && now - copy.untilNanos() < 0) {
            return Optional.of(copy.value());
        }
        Optional<byte[]> value = read.get();
        value.ifPresentOrElse(bytes -> keep(key, bytes, now, KEEP), () -> copies.remove(key));
        return value;
    }

    /** Copies what this replica has just written, for no longer than the entry itself lives. */
    void put(String key, byte[] value, Duration ttl) {
        if (maxEntries > 0) {
            keep(key, value, nanoTime.getAsLong(), ttl.compareTo(KEEP) < 0 ? ttl : KEEP);
        }
    }

    private void keep(String key, byte[] value, long now, Duration time) {
        if (copies.size() >= maxEntries) {
            copies.clear();
        }
        copies.put(key, new Copy(value, now + time.toNanos()));
    }
}
