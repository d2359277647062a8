package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CounterCopies;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link Cache} in an embedded Hazelcast member: every replica is a member, so entries and counters are shared
 * by the cluster. Entries live in an evicting, expiring map; counters in a separate map that neither evicts nor
 * expires and keeps a synchronous backup.
 *
 * <p>Every query reads its namespace's counter, so counters are answered from local {@link CounterCopies}, kept
 * current by {@link CounterEvents} and read again from the cluster at the latest a second after they were last
 * confirmed; when a counter operation fails, the copies are dropped and counters fail as every other call does.
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
    private final CounterCopies copies;
    private final CounterEvents events;
    private final Runnable leave;

    /** @param leave what closing does: let go of the shared member, which stops when its last user lets go */
    HazelcastCache(HazelcastInstance member, Duration operationTimeout, Runnable leave) {
        this(member, operationTimeout, leave, System::nanoTime);
    }

    /** @param nanoTime the clock that ages counter copies; tests drive their own */
    HazelcastCache(HazelcastInstance member, Duration operationTimeout, Runnable leave, LongSupplier nanoTime) {
        this.member = member;
        this.leave = leave;
        this.entries = member.getMap(HazelcastSettings.ENTRIES_MAP);
        this.counters = member.getMap(HazelcastSettings.COUNTERS_MAP);
        this.calls = new HazelcastCalls(operationTimeout);
        this.copies = new CounterCopies(nanoTime);
        this.events = CounterEvents.listen(member, counters, copies);
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
        return copies.increment(
                key, () -> counterCall("increment", () -> counters.submitToKey(key, new CounterIncrement())));
    }

    @Override
    public long counter(String key) {
        return copies.read(key, () -> {
            Long value = counterCall("counter", () -> counters.getAsync(key));
            return value == null ? 0 : value;
        });
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
        events.close();
        leave.run();
    }

    /** A counter operation; when it fails, the copies go too, so counters fail as every other call does. */
    private <T> T counterCall(String operation, Supplier<? extends CompletionStage<T>> call) {
        try {
            return calls.await(operation, call);
        } catch (DependencyException e) {
            copies.clear();
            throw e;
        }
    }
}
