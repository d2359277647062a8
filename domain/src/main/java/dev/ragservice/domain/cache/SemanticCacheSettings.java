package dev.ragservice.domain.cache;

/**
 * The semantic response cache: a question whose embedding is at least {@code threshold} cosine-similar to one
 * answered earlier in the same scope gets that answer. Off unless asked for, because a close embedding is not a
 * guarantee of the same question ("how do I enable X" and "how do I disable X" embed very closely): the operator
 * chooses how much of that risk to trade for hits.
 *
 * @param threshold          0 turns it off; otherwise the least cosine similarity that counts, above 0 and at most 1
 * @param maxEntriesPerScope how many recent questions one scope remembers; each costs about 4 bytes per dimension
 *                           in the cache, and every semantic lookup reads the whole scope
 */
public record SemanticCacheSettings(double threshold, int maxEntriesPerScope) {

    public static final int DEFAULT_MAX_ENTRIES_PER_SCOPE = 256;

    public SemanticCacheSettings {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "threshold must be 0 (off) or a cosine similarity above 0 and at most 1, got " + threshold);
        }
        if (maxEntriesPerScope < 1) {
            throw new IllegalArgumentException("maxEntriesPerScope must be positive, got " + maxEntriesPerScope);
        }
    }

    /** On, with {@link #DEFAULT_MAX_ENTRIES_PER_SCOPE}; a threshold of 0 gives {@link #off()}. */
    public SemanticCacheSettings(double threshold) {
        this(threshold, DEFAULT_MAX_ENTRIES_PER_SCOPE);
    }

    public static SemanticCacheSettings off() {
        return new SemanticCacheSettings(0, DEFAULT_MAX_ENTRIES_PER_SCOPE);
    }

    public boolean enabled() {
        return threshold > 0;
    }
}
