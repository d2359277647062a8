package dev.ragservice.domain.ratelimit;

import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
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
 */
public final class CoalescingRateLimitStore implements RateLimitStore {

    /** Bounds one call's permits when a limit's capacity is out of reach (limits set to billions). */
    static final int MAX_BATCH = 1024;

    private final RateLimitStore store;
    private final Map<Lane.Key, Lane> lanes = new ConcurrentHashMap<>();

    public CoalescingRateLimitStore(RateLimitStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        if (permits != 1) {
            return store.tryAcquire(key, limit, permits, now);
        }
        Lane.Key laneKey = new Lane.Key(key, limit);
        Lane lane = lanes.computeIfAbsent(laneKey, ignored -> new Lane());
        Attempt attempt = new Attempt(now);
        lane.waiting.add(attempt);
        while (!attempt.done()) {
            if (lane.calling.compareAndSet(false, true)) {
                try {
                    callFor(lane, key, limit);
                } finally {
                    lane.calling.set(false);
                }
                Attempt next = lane.waiting.peek();
                if (next == null) {
                    // A lane that is found again after this keeps working: whoever holds it calls for its queue.
                    lanes.remove(laneKey, lane);
                } else {
                    next.wake();
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

    /** One call (or, at the edge of the limit, a few) for every attempt waiting in the lane now. */
    private void callFor(Lane lane, String key, RateLimit limit) {
        List<Attempt> batch = new ArrayList<>();
        long most = Math.min(MAX_BATCH, limit.capacity());
        Instant now = Instant.MIN;
        for (Attempt next; batch.size() < most && (next = lane.waiting.poll()) != null; ) {
            batch.add(next);
            now = next.now.isAfter(now) ? next.now : now;
        }
        int granted = 0;
        long ask = batch.size();
        try {
            while (granted < batch.size()) {
                long permits = Math.min(ask, batch.size() - granted);
                RateLimitDecision decision = store.tryAcquire(key, limit, permits, now);
                if (decision.allowed()) {
                    for (int i = 0; i < permits; i++) {
                        // As if taken one after the other: the first saw the most remaining.
                        long remaining = Math.min(decision.limit(), decision.remaining() + permits - 1 - i);
                        batch.get(granted + i)
                                .decide(RateLimitDecision.allowed(decision.limit(), remaining, decision.resetAfter()));
                    }
                    granted += (int) permits;
                    ask = batch.size() - granted;
                } else if (permits == 1) {
                    batch.subList(granted, batch.size()).forEach(attempt -> attempt.decide(decision));
                    granted = batch.size();
                } else {
                    ask = Math.clamp(decision.remaining(), 1, permits - 1);
                }
            }
        } catch (RuntimeException e) {
            batch.subList(granted, batch.size()).forEach(attempt -> attempt.fail(e));
        }
    }

    /** The attempts on one key under one limit, and whether a call for them is on its way. */
    private static final class Lane {

        record Key(String key, RateLimit limit) {}

        final Queue<Attempt> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean calling = new AtomicBoolean();
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
