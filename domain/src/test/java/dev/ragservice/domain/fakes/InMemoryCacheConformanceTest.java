package dev.ragservice.domain.fakes;

import dev.ragservice.conformance.cache.CacheConformance;
import dev.ragservice.ports.cache.Cache;

/** The fake the domain's tests rely on behaves as the real caches do: it passes their kit, on the real clock. */
class InMemoryCacheConformanceTest extends CacheConformance {

    private final Cache cache = new InMemoryCache();

    @Override
    protected Cache cache() {
        return cache;
    }
}
