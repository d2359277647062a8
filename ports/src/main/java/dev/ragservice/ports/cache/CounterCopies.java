package dev.ragservice.ports.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Local copies of counters that live on a server every replica shares, so that {@link Cache#counter} need not ask
 * the server on every call, within the staleness bound that method promises. The reference behaviour for shared
 * caches (as {@code SlidingWindowLog} is for rate-limit stores): a cache keeps one of these and feeds it what the
 * server tells it.
 *
 * <p>A copy is trusted for {@link #TRUST} from the moment the request that last read or incremented the counter on
 * the server was <em>sent</em>: whatever that request returned was the server's value at that moment or later
 * (counters only grow), so a trusted copy is never older than the bound, whatever happens to notifications.
 * Notifications of increments made elsewhere ({@link #notified}) raise a copy within that time, which makes other
 * replicas' increments visible at once while they arrive, but never extend its trust. Copies are kept only for
 * counters this replica has read or incremented.
 *
 * <p>An answer smaller than the copy is either overtaken (it was sent before the larger value was known here, on
 * another connection) and ignored, or, when sent after, proof that the server lost its data and counts afresh, and
 * it replaces the copy.
 */
public final class CounterCopies {

    /** How long a copy is used without asking the server again: the most another replica's change can wait. */
    public static final Duration TRUST = Duration.ofSeconds(1);

    /** Beyond this many counters (namespaces) the copies start afresh: each would be read again within TRUST. */
    static final int MAX_COPIES = 4096;

    /**
     * @param sentAtNanos     when the last request that confirmed this value on the server was sent: trust runs from here
     * @param receivedAtNanos when the newest knowledge of it arrived: a request sent later must see at least this value
     */
    private record Copy(long value, long sentAtNanos, long receivedAtNanos) {}

    private final ConcurrentHashMap<String, Copy> copies = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long trustNanos = TRUST.toNanos();

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests drive their own) */
    public CounterCopies(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The trusted copy of the counter, or else the server's value, which then becomes the copy. */
    public long read(String key, LongSupplier server) {
        long sent = nanoTime.getAsLong();
        Copy copy = copies.get(key);
        if (copy != null && sent - copy.sentAtNanos() < trustNanos) {
            return copy.value();
        }
        Copy confirmed = confirm(key, server.getAsLong(), sent);
        return confirmed.value();
    }

    /** Increments on the server; the value it returns becomes the copy, so this replica sees its own increment. */
    public long increment(String key, LongSupplier server) {
        long sent = nanoTime.getAsLong();
        long value = server.getAsLong();
        confirm(key, value, sent);
        return value;
    }

    /** Another replica's increment as a notification reports it: raises a copy held here, never extends its trust. */
    public void notified(String key, long value) {
        long received = nanoTime.getAsLong();
        copies.computeIfPresent(
                key,
                (unused, copy) -> value <= copy.value()
                        ? copy
                        : new Copy(value, copy.sentAtNanos(), Math.max(received, copy.receivedAtNanos())));
    }

    /** Drops one copy (the counter was removed on the server). */
    public void forget(String key) {
        copies.remove(key);
    }

    /** Drops every copy: call it when notifications may have been lost (a broken subscription, a member gone). */
    public void clear() {
        copies.clear();
    }

    /** Merges what a request sent at {@code sentAtNanos} found on the server; returns the copy it leaves. */
    private Copy confirm(String key, long value, long sentAtNanos) {
        long received = nanoTime.getAsLong();
        if (copies.size() >= MAX_COPIES && !copies.containsKey(key)) {
            copies.clear();
        }
        return copies.compute(key, (unused, copy) -> {
            if (copy == null) {
                return new Copy(value, sentAtNanos, received);
            }
            if (value >= copy.value()) {
                // Counters only grow: the larger value is at least as recent as either request's sending.
                return new Copy(
                        value, Math.max(sentAtNanos, copy.sentAtNanos()), Math.max(received, copy.receivedAtNanos()));
            }
            if (sentAtNanos > copy.receivedAtNanos()) {
                // Sent after the larger value was known, yet smaller: the server lost its data and counts afresh.
                return new Copy(value, sentAtNanos, received);
            }
            // Overtaken by a newer answer on another connection: the copy stays as it is.
            return copy;
        });
    }
}
