package dev.ragservice.domain.fakes;

import dev.ragservice.conformance.ratelimit.RateLimitStoreConformance;
import dev.ragservice.ports.ratelimit.RateLimitStore;

/** The fake the domain's tests rely on decides as the real stores do: it passes their kit. */
class InMemoryRateLimitStoreConformanceTest extends RateLimitStoreConformance {

    private final RateLimitStore store = new InMemoryRateLimitStore();

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
