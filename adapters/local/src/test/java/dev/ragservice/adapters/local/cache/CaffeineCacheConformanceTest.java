package dev.ragservice.adapters.local.cache;

import dev.ragservice.conformance.cache.CacheConformance;
import dev.ragservice.ports.cache.Cache;

/** The Caffeine cache passes the cache conformance kit, on the real clock, as the service builds it. */
class CaffeineCacheConformanceTest extends CacheConformance {

    /** Room for the kit's largest value (a megabyte) with everything else it writes. */
    private final Cache cache = new CaffeineCache(64L * 1024 * 1024);

    @Override
    protected Cache cache() {
        return cache;
    }
}
