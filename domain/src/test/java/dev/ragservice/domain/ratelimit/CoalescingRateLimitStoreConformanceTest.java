package dev.ragservice.domain.ratelimit;

import dev.ragservice.conformance.ratelimit.RateLimitStoreConformance;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.ports.ratelimit.RateLimitStore;

/** One attempt at a time, the decorator decides exactly as the store beneath it: it passes every store's kit. */
class CoalescingRateLimitStoreConformanceTest extends RateLimitStoreConformance {

    private final RateLimitStore store = new CoalescingRateLimitStore(new InMemoryRateLimitStore());

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
