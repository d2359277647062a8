package dev.ragservice.domain.fakes;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.SlidingWindowLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An honest in-memory store: sliding windows are the reference log; token buckets are exact, kept in tokens
 * times the period's milliseconds so refills need no fractions. It can be switched off to fail like a store that
 * cannot be reached.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    private record Bucket(long scaledTokens, long atMillis) {}

    private final Map<String, SlidingWindowLog> windows = new HashMap<>();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private boolean down;

    public void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        failIfDown();
        String stateKey = limit.signature() + key;
        long nowMillis = now.toEpochMilli();
        if (limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            SlidingWindowLog.Outcome outcome =
                    windows.getOrDefault(stateKey, SlidingWindowLog.EMPTY).tryAcquire(limit, permits, nowMillis);
            windows.put(stateKey, outcome.log());
            return outcome.decision();
        }
        long period = limit.period().toMillis();
        long full = limit.capacity() * period;
        long scaled = refilled(stateKey, limit, nowMillis);
        long needed = permits * period;
        if (scaled >= needed) {
            buckets.put(stateKey, new Bucket(scaled - needed, nowMillis));
            return RateLimitDecision.allowed(
                    limit.capacity(),
                    (scaled - needed) / period,
                    Duration.ofMillis(Math.ceilDiv(full - scaled + needed, limit.refillTokens())));
        }
        buckets.put(stateKey, new Bucket(scaled, nowMillis));
        return RateLimitDecision.rejected(
                limit.capacity(),
                Math.max(0, scaled / period),
                Duration.ofMillis(Math.ceilDiv(needed - scaled, limit.refillTokens())),
                Duration.ofMillis(Math.ceilDiv(full - scaled, limit.refillTokens())));
    }

    @Override
    public synchronized void adjust(String key, RateLimit limit, long permits, Instant now) {
        failIfDown();
        String stateKey = limit.signature() + key;
        if (limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            windows.put(
                    stateKey,
                    windows.getOrDefault(stateKey, SlidingWindowLog.EMPTY).adjust(limit, permits, now.toEpochMilli()));
            return;
        }
        long period = limit.period().toMillis();
        long scaled = refilled(stateKey, limit, now.toEpochMilli()) - permits * period;
        buckets.put(stateKey, new Bucket(Math.min(limit.capacity() * period, scaled), now.toEpochMilli()));
    }

    private long refilled(String stateKey, RateLimit limit, long nowMillis) {
        long full = limit.capacity() * limit.period().toMillis();
        Bucket bucket = buckets.get(stateKey);
        if (bucket == null) {
            return full;
        }
        long elapsed = Math.max(0, nowMillis - bucket.atMillis());
        return Math.min(full, bucket.scaledTokens() + elapsed * limit.refillTokens());
    }

    @Override
    public boolean isAvailable() {
        return !down;
    }

    @Override
    public void close() {}

    private void failIfDown() {
        if (down) {
            throw new DependencyException("fake-store", DependencyException.Kind.UNAVAILABLE, "switched off", null);
        }
    }
}
