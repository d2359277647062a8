package dev.ragservice.adapters.local.ratelimit;

import dev.ragservice.conformance.ratelimit.RateLimitStoreConformance;
import dev.ragservice.ports.ratelimit.RateLimitStore;

/** The in-process store passes the rate-limit conformance kit. */
class MemoryRateLimitConformanceTest extends RateLimitStoreConformance {

    private final RateLimitStore store = new MemoryRateLimitStore();

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
