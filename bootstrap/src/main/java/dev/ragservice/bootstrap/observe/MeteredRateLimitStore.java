package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Instant;
import java.util.Optional;

/** Times every call that reaches the rate-limit store ({@code rag_rate_limit_store_operation_seconds}). */
public final class MeteredRateLimitStore implements RateLimitStore {

    private final RateLimitStore store;
    private final OperationTimer timer;

    public MeteredRateLimitStore(RateLimitStore store, RagMetrics metrics) {
        this.store = store;
        this.timer = metrics.rateLimitStoreOperations();
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        return timer.time("acquire", () -> store.tryAcquire(key, limit, permits, now));
    }

    @Override
    public void adjust(String key, RateLimit limit, long permits, Instant now) {
        timer.run("adjust", () -> store.adjust(key, limit, permits, now));
    }

    @Override
    public Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
        return timer.time("peek", () -> store.peek(key, limit, now));
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }

    /** The adapter is closed by whoever created it; a decorator owns nothing. */
    @Override
    public void close() {}
}
