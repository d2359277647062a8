package dev.ragservice.domain.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Which cache tiers are used and how long their entries live. A zero duration turns that one tier off.
 *
 * @param enabled when false, no tier is used at all (nothing is read or written)
 */
public record CacheSettings(boolean enabled, Duration responseTtl, Duration embeddingTtl, Duration searchTtl) {

    public CacheSettings {
        requireNotNegative(responseTtl, "responseTtl");
        requireNotNegative(embeddingTtl, "embeddingTtl");
        requireNotNegative(searchTtl, "searchTtl");
    }

    public static CacheSettings disabled() {
        return new CacheSettings(false, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The time to live of one tier; zero when the tier is off. */
    public Duration ttl(CacheTier tier) {
        if (!enabled) {
            return Duration.ZERO;
        }
        return switch (tier) {
            case RESPONSE -> responseTtl;
            // A scope's index points at answers of the response tier: it has no reason to outlive them.
            case SEMANTIC -> responseTtl;
            case EMBEDDING -> embeddingTtl;
            case SEARCH -> searchTtl;
            case CORPUS_VERSION -> Duration.ZERO;
        };
    }

    public boolean uses(CacheTier tier) {
        return ttl(tier).isPositive();
    }

    private static void requireNotNegative(Duration ttl, String name) {
        Objects.requireNonNull(ttl, name);
        if (ttl.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + ttl);
        }
    }
}
