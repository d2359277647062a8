package dev.ragservice.ports.vector;

/** Optional abilities of a vector store, checked at start-up rather than on the first request that needs them. */
public enum Capability {
    /** {@link VectorStore#keywordSearch(KeywordQuery, dev.ragservice.ports.Deadline)} works, so the service can offer BM25 and hybrid search. */
    KEYWORD_SEARCH,
    /** Filters are applied in the store, before k is counted. */
    METADATA_FILTER,
    /** Namespaces are isolated from each other. */
    NAMESPACES
}
