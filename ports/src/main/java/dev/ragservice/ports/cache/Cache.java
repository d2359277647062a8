package dev.ragservice.ports.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A key-value cache, possibly shared by every replica of the service. Values are opaque bytes: the domain owns
 * their encoding, so every backend stores exactly the same thing.
 *
 * <p>A cache is an optimisation: implementations throw {@link dev.ragservice.ports.DependencyException} when
 * the backend fails, and the service then carries on without it.
 *
 * <p>Keys may hold any characters; a key names either an entry or a counter, never both. Every cache, built in or
 * third party, must pass the cache conformance kit ({@code CacheConformance}), which expects one instance to read
 * its own writes at once.
 */
public interface Cache {

    Optional<byte[]> get(String key);

    /**
     * Stores the value; it disappears after {@code ttl} (or earlier, under memory pressure). A {@code ttl} that is
     * zero or negative means the value expires at once: nothing is stored, and an entry the key held before is
     * removed, so it is never served again.
     */
    void put(String key, byte[] value, Duration ttl);

    /**
     * Atomically adds one to a counter that never expires and returns the new value (1 for a new counter). All
     * replicas sharing the cache see the same sequence; the service keeps corpus versions this way.
     */
    long increment(String key);

    /**
     * The counter's value, 0 when it was never incremented. A shared cache may answer from a local copy instead of
     * asking its server each time, within this bound: an increment made through this instance is seen at once (never
     * less than the value {@link #increment} returned here), and one made through another instance is seen within
     * {@link CounterCopies#TRUST} (one second) of that increment's completion, usually at once. Memory-backed
     * caches, which share nothing, always answer the current value.
     */
    long counter(String key);

    /** Answers quickly whether the backend is reachable; for health and status. */
    boolean isAvailable();
}
