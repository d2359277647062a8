package dev.ragservice.domain.cache;

import java.util.Locale;

/** The layers of the query cache, outermost first; plus the corpus-version counters they depend on. */
public enum CacheTier {
    /** Whole answers, keyed by the question, the corpus version and the generator. */
    RESPONSE,
    /**
     * Whole answers to similar questions (see {@link SemanticCacheSettings}): a hit is an answer served because an
     * earlier question of the same scope was close enough, a miss a lookup that found none. Reported only when
     * the semantic cache is on, after an exact miss of {@link #RESPONSE}.
     */
    SEMANTIC,
    /** Query embeddings, keyed by model and exact text; never stale, so independent of the corpus. */
    EMBEDDING,
    /** Retrieved chunks, keyed by the question, the corpus version and the retrieval settings. */
    SEARCH,
    /**
     * Not a tier of values but the per-namespace counters the response and search keys include; reported
     * separately because a failure here silently turns the two tiers off (reads) or leaves them stale (ingest).
     */
    CORPUS_VERSION;

    /** Lower case, for metric labels and logs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
