package dev.ragservice.domain.ratelimit;

import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets concurrent one-permit attempts on the same key and limit share one call to a shared store: while one call
 * is on its way, the attempts that arrive queue up, and the next call asks for all of them at once. A busy client
 * then costs a round trip per batch, not per request, and the decision is still the store's own, atomic across
 * replicas: the store never grants more than it has, so the limit stays exact.
 *
 * <p>A batch the store refuses whole is not refused whole: the decorator asks again for as many permits as the
 * store said remain (at least one), and refuses the rest only when a single permit is refused, which is when
 * one attempt on its own would have been refused too. Attempts that take more than one permit (token
 * reservations) and adjustments go straight to the store.
 *
 * <p>One of the waiting attempts makes the call (the first to find no call on its way), for one batch only, so no
 * request carries others' calls for long: it then wakes the oldest attempt still waiting, which makes the next.
 *
 * <p>A busy client far from its limit (at least {@code 4 * spares} permits left after the last call) also takes
 * {@code spares} permits ({@link #DEFAULT_SPARES} unless told otherwise) more than its batch needs, which its next
 * attempts in this replica use without a call. Whatever is not used within {@link #SPARE_TIME} is given back. The store still never grants more than the limit:
 * spares are taken from it like any permit. What they can cost is an early refusal in another replica, of at most
 * {@code spares} permits per replica for at most {@code SPARE_TIME}, and only when the client went from
 * {@code 4 * spares} permits left to none within that time. Near its limit a client gets no spares, so every
 * decision there is the store's.
 */
public final class CoalescingRateLimitStore implements RateLimitStore {

    /** Bounds one call's permits when a limit's capacity is out of reach (limits set to billions). */
    public static final int MAX_BATCH = 1024;

    /** Permits taken ahead by a busy client far from its limit, unless told otherwise. */
    public static final int DEFAULT_SPARES = 32;

    /** How long spares are kept before what is left of them is given back. */
    static final Duration SPARE_TIME = Duration.ofMillis(50);

    private final RateLimitStore store;
    private final int spares;
    private final Map<Lane.Key, Lane> lanes = new ConcurrentHashMap<>();

    public CoalescingRateLimitStore(RateLimitStore store) {
        this(store, DEFAULT_SPARES);
    }

    /** @param spares permits a busy client far from its limit takes ahead; 0 for none */
    public CoalescingRateLimitStore(RateLimitStore store, int spares) {
        this.store = Objects.requireNonNull(store, "store");
        if (spares < 0 || spares > MAX_BATCH) {
            throw new IllegalArgumentException("spares must be within 0.." + MAX_BATCH + ", got " + spares);
        }
        this.spares = spares;
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        if (permits != 1) {
            return store.tryAcquire(key, limit, permits, now);
        }
        Lane.Key laneKey = new Lane.Key(key, limit);
        Lane lane = lanes.computeIfAbsent(laneKey, ignored -> new Lane());
        RateLimitDecision spare = lane.takeSpare();
        if (spare != null) {
            return spare;
        }
        Attempt attempt = new Attempt(now);
        lane.waiting.add(attempt);
        while (!attempt.done()) {
            if (lane.calling.compareAndSet(false, true)) {
                try {
                    callFor(laneKey, lane);
                } finally {
                    lane.calling.set(false);
                }
                Attempt next = lane.waiting.peek();
                if (next != null) {
                    next.wake();
                } else if (!lane.holdsSpares()) {
                    // A lane that is found again after this keeps working: whoever holds it calls for its queue.
                    lanes.remove(laneKey, lane);
                }
            } else {
                attempt.sleepUntilWoken();
            }
        }
        return attempt.outcome();
    }

    @Override
    public void adjust(String key, RateLimit limit, long permits, Instant now) {
        store.adjust(key, limit, permits, now);
    }

    @Override
    public Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
        return store.peek(key, limit, now);
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }

    /** The adapter is closed by whoever created it; a decorator owns nothing. */
    @Override
    public void close() {}

    /**
     * One call (or, at the edge of the limit, a few) for every attempt waiting in the lane now, with spares when the
     * client is busy and far from its limit.
     */
    private void callFor(Lane.Key laneKey, Lane lane) {
        String key = laneKey.key();
        RateLimit limit = laneKey.limit();
        List<Attempt> batch = new ArrayList<>();
        long most = Math.min(MAX_BATCH, limit.capacity());
        Instant now = Instant.MIN;
        for (Attempt next; batch.size() < most && (next = lane.waiting.poll()) != null; ) {
            batch.add(next);
            now = next.now.isAfter(now) ? next.now : now;
        }
        int granted = 0;
        long spares = lane.sparesToAsk(batch.size(), limit, this.spares);
        long ask = batch.size() + spares;
        try {
            while (granted < batch.size()) {
                long permits = Math.min(ask, batch.size() - granted + spares);
                RateLimitDecision decision = store.tryAcquire(key, limit, permits, now);
                if (decision.allowed()) {
                    long forBatch = permits - spares;
                    for (int i = 0; i < forBatch; i++) {
                        // As if taken one after the other: the first saw the most remaining.
                        long remaining = Math.min(decision.limit(), decision.remaining() + permits - 1 - i);
                        batch.get(granted + i)
                                .decide(RateLimitDecision.allowed(decision.limit(), remaining, decision.resetAfter()));
                    }
                    granted += (int) forBatch;
                    lane.called(decision);
                    if (spares > 0) {
                        giveBackLater(laneKey, lane, lane.lease(spares, decision), now);
                    }
                    spares = 0;
                    ask = batch.size() - granted;
                } else if (permits == 1) {
                    batch.subList(granted, batch.size()).forEach(attempt -> attempt.decide(decision));
                    granted = batch.size();
                } else {
                    // Without the spares first, then for fewer: what the store says remains, at least one.
                    ask = Math.clamp(decision.remaining(), 1, spares > 0 ? permits - spares : permits - 1);
                    spares = 0;
                }
            }
        } catch (RuntimeException e) {
            batch.subList(granted, batch.size()).forEach(attempt -> attempt.fail(e));
        }
    }

    /** After {@link #SPARE_TIME}, gives back the spares nobody used; a failure leaves them spent, which only refuses early. */
    private void giveBackLater(Lane.Key laneKey, Lane lane, Lane.Lease lease, Instant now) {
        Thread.ofVirtual().name("rate-limit-spares").start(() -> {
            try {
                Thread.sleep(SPARE_TIME);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long unused = lease.expire();
            if (unused > 0) {
                try {
                    store.adjust(laneKey.key(), laneKey.limit(), -unused, now.plus(SPARE_TIME));
                } catch (RuntimeException e) {
                    // Spent rather than given back: the client may be refused a little early, never admitted more.
                }
            }
            if (lane.waiting.isEmpty() && !lane.holdsSpares()) {
                lanes.remove(laneKey, lane);
            }
        });
    }

    /** The attempts on one key under one limit, whether a call for them is on its way, and the spares. */
    private static final class Lane {

        record Key(String key, RateLimit limit) {}

        /** Spares taken ahead: {@code left} counts down as attempts use them, and is zeroed when they expire. */
        record Lease(AtomicLong left, RateLimitDecision decision) {

            /** @return how many were never used, now given up */
            long expire() {
                return left.getAndSet(0);
            }
        }

        final Queue<Attempt> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean calling = new AtomicBoolean();
        private volatile @Nullable Lease lease;
        private volatile @Nullable RateLimitDecision lastCall;

        /** An allowed decision from the spares, or null when there are none left. */
        @Nullable
        RateLimitDecision takeSpare() {
            Lease current = lease;
            if (current == null) {
                return null;
            }
            long before = current.left().getAndUpdate(left -> left > 0 ? left - 1 : 0);
            if (before <= 0) {
                return null;
            }
            RateLimitDecision decision = current.decision();
            return RateLimitDecision.allowed(
                    decision.limit(),
                    Math.min(decision.limit(), decision.remaining() + before - 1),
                    decision.resetAfter());
        }

        boolean holdsSpares() {
            Lease current = lease;
            return current != null && current.left().get() > 0;
        }

        /**
         * Spares for the next call: when the client is busy (more than one attempt in this batch, or the last
         * spares all used) and was far from its limit at the last call.
         */
        long sparesToAsk(int batchSize, RateLimit limit, int spares) {
            Lease current = lease;
            RateLimitDecision last = lastCall;
            boolean busy = batchSize > 1 || (current != null && current.left().get() == 0);
            boolean far = last != null && last.remaining() >= 4L * spares;
            return spares > 0 && busy && far && batchSize + spares <= limit.capacity() ? spares : 0;
        }

        void called(RateLimitDecision decision) {
            lastCall = decision;
        }

        Lease lease(long spares, RateLimitDecision decision) {
            Lease taken = new Lease(new AtomicLong(spares), decision);
            lease = taken;
            return taken;
        }
    }

    /** One request's attempt: decided or failed by whichever attempt made the call, or woken to make it. */
    private static final class Attempt {

        final Instant now;
        private final Semaphore signal = new Semaphore(0);
        private volatile @Nullable RateLimitDecision decision;
        private volatile @Nullable RuntimeException failure;

        Attempt(Instant now) {
            this.now = now;
        }

        boolean done() {
            return decision != null || failure != null;
        }

        void decide(RateLimitDecision decision) {
            this.decision = decision;
            signal.release();
        }

        void fail(RuntimeException failure) {
            this.failure = failure;
            signal.release();
        }

        void wake() {
            signal.release();
        }

        /** Bounded: the call it waits for is bounded by the store's own timeout. */
        void sleepUntilWoken() {
            signal.acquireUninterruptibly();
        }

        RateLimitDecision outcome() {
            RuntimeException failed = failure;
            if (failed != null) {
                throw failed;
            }
            return Objects.requireNonNull(decision, "decided");
        }
    }
}
