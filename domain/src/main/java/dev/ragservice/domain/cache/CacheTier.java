package dev.ragservice.domain.cache;

import java.util.Locale;

/** The layers of the query cache, outermost first; plus the corpus-version counters they depend on. */
public enum CacheTier {
    /** Whole answers, keyed by the question, the corpus version and the generator. */
    RESPONSE,
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
