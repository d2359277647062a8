package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Cache} in an embedded Hazelcast member: every replica is a member, so entries and counters are shared
 * by the cluster. Entries live in an evicting, expiring map; counters in a separate map that neither evicts nor
 * expires and keeps a synchronous backup.
 *
 * <p>Hazelcast's own call timeout is a minute; a member that stalls (a long GC pause, a frozen node) would hold a
 * query that long. Every call here is therefore asynchronous and awaited for the operation timeout only. A call
 * that times out may still complete later: a put may land, an increment may count. Neither harms the service: a
 * counter that moved on still differs from every version cached before.
 */
public final class HazelcastCache implements Cache, AutoCloseable {

    private static final String PROBE_KEY = "rag-cache-probe";

    private final HazelcastInstance member;
    private final IMap<String, byte[]> entries;
    private final IMap<String, Long> counters;
    private final HazelcastCalls calls;
    private final Runnable leave;

    /** @param leave what closing does: let go of the shared member, which stops when its last user lets go */
    HazelcastCache(HazelcastInstance member, Duration operationTimeout, Runnable leave) {
        this.member = member;
        this.leave = leave;
        this.entries = member.getMap(HazelcastSettings.ENTRIES_MAP);
        this.counters = member.getMap(HazelcastSettings.COUNTERS_MAP);
        this.calls = new HazelcastCalls(operationTimeout);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(calls.await("get", () -> entries.getAsync(key)));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        if (!ttl.isPositive()) {
            calls.await("delete", () -> entries.deleteAsync(key));
            return;
        }
        // Hazelcast keeps entry times in whole seconds, truncated, so an entry can expire up to a second before
        // its TTL (a 700 ms TTL expires at once). Rounding up and adding a second keeps every entry at least its
        // TTL and at most about two seconds longer.
        long seconds = Math.ceilDiv(ttl.toMillis(), 1000L) + 1;
        calls.await("put", () -> entries.setAsync(key, value, seconds, TimeUnit.SECONDS));
    }

    @Override
    public long increment(String key) {
        return calls.await("increment", () -> counters.submitToKey(key, new CounterIncrement()));
    }

    @Override
    public long counter(String key) {
        Long value = calls.await("counter", () -> counters.getAsync(key));
        return value == null ? 0 : value;
    }

    /** Whether this member runs and one read round trip (to whichever member owns the probe key) fits the timeout. */
    @Override
    public boolean isAvailable() {
        return calls.answers(member, counters, PROBE_KEY);
    }

    /**
     * Lets go of the member; the last of its users (cache, rate limits) makes it leave the cluster gracefully:
     * its partitions move to the others before it stops.
     */
    @Override
    public void close() {
        leave.run();
    }
}
