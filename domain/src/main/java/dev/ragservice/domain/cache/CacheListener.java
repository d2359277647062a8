package dev.ragservice.domain.cache;

/**
 * Told about every cache lookup, so bootstrap can count hit ratios per tier and log failures. Tiers that are
 * skipped (caching off, or the request opted out) report nothing. Implementations must be fast and must not
 * throw: they run on the request path.
 */
public interface CacheListener {

    CacheListener NONE = new CacheListener() {
        @Override
        public void hit(CacheTier tier) {}

        @Override
        public void miss(CacheTier tier) {}

        @Override
        public void error(CacheTier tier, RuntimeException e) {}
    };

    void hit(CacheTier tier);

    void miss(CacheTier tier);

    /** The cache failed; the request carried on without it (as a miss, or without storing). */
    void error(CacheTier tier, RuntimeException e);

    /**
     * A semantic lookup found earlier questions in its scope, the nearest this cosine-similar to the new one
     * (whether or not that reached the threshold): its distribution is what a threshold is chosen by.
     */
    default void semanticSimilarity(double nearest) {}
}
