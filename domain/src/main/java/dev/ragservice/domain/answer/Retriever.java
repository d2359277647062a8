package dev.ragservice.domain.answer;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.cache.SearchKey;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the chunks that answer a question, through two cache tiers:
 * <ol>
 *   <li>the search tier, keyed by the question and the namespace's corpus version, so an ingest invalidates it;
 *       a hit needs neither the embedding model nor the store;</li>
 *   <li>on a miss, the embedding tier (for the vector and hybrid modes), keyed by model and exact text only: an
 *       embedding never goes stale, so it survives ingests;</li>
 *   <li>then the store.</li>
 * </ol>
 * A hybrid search asks each list for {@link #candidates(int) more candidates} than k, because fusion promotes
 * chunks that rank moderately in both lists over those that top only one.
 */
public final class Retriever {

    /** Candidates per list for hybrid search: four times k, at least 20, at most 100 (and never fewer than k). */
    static int candidates(int k) {
        return Math.max(k, Math.min(100, Math.max(20, 4 * k)));
    }

    private final EmbeddingModel model;
    private final VectorStore store;
    private final QueryCaches caches;
    private final HybridFusion fusion;
    private final boolean keywordSearch;

    public Retriever(EmbeddingModel model, VectorStore store, QueryCaches caches, HybridFusion fusion) {
        this.model = Objects.requireNonNull(model, "model");
        this.store = Objects.requireNonNull(store, "store");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.fusion = Objects.requireNonNull(fusion, "fusion");
        this.keywordSearch = store.capabilities().contains(Capability.KEYWORD_SEARCH);
    }

    /** Hybrid when the store can search keywords: it beats either list alone on most benchmarks. */
    public SearchMode defaultMode() {
        return keywordSearch ? SearchMode.HYBRID : SearchMode.VECTOR;
    }

    /**
     * The question's chunks, best first, at most k.
     *
     * @throws InvalidRequestException {@code unsupported_mode} when the mode needs keyword search and the store
     *                                 has none
     */
    public List<SearchHit> retrieve(Question question) {
        SearchMode mode = modeOf(question);
        OptionalLong version = question.useCache() ? caches.corpusVersion(question.namespace()) : OptionalLong.empty();
        return retrieve(question, mode, version);
    }

    /** The mode the question is searched in: its own, or the default. */
    SearchMode modeOf(Question question) {
        SearchMode mode = question.mode() == null ? defaultMode() : question.mode();
        if (mode != SearchMode.VECTOR && !keywordSearch) {
            throw new InvalidRequestException("unsupported_mode", "the vector store has no keyword search, so mode "
                    + mode.name().toLowerCase(Locale.ROOT) + " is not available; use vector");
        }
        return mode;
    }

    SearchKey searchKey(Question question, SearchMode mode, long corpusVersion) {
        return new SearchKey(question.namespace(), corpusVersion, mode.name(), question.k(), question.filter(),
                question.text(), model.modelId() + ";rrf=" + fusion.rrfK());
    }

    /**
     * @param corpusVersion the version read at the start of the request; empty skips the search tier
     */
    List<SearchHit> retrieve(Question question, SearchMode mode, OptionalLong corpusVersion) {
        Optional<SearchKey> key = corpusVersion.isPresent()
                ? Optional.of(searchKey(question, mode, corpusVersion.getAsLong()))
                : Optional.empty();
        if (key.isPresent()) {
            Optional<List<SearchHit>> cached = caches.searchHits(key.get());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        List<SearchHit> hits = search(question, mode);
        key.ifPresent(k -> caches.putSearchHits(k, hits));
        return hits;
    }

    private List<SearchHit> search(Question question, SearchMode mode) {
        String namespace = question.namespace();
        int k = question.k();
        return switch (mode) {
            case VECTOR -> first(k, store.search(new VectorQuery(namespace, embed(question), k, question.filter())));
            case KEYWORD -> first(k, store.keywordSearch(
                    new KeywordQuery(namespace, question.text(), k, question.filter())));
            case HYBRID -> {
                int candidates = candidates(k);
                List<SearchHit> vectorHits = store.search(
                        new VectorQuery(namespace, embed(question), candidates, question.filter()));
                List<SearchHit> keywordHits = store.keywordSearch(
                        new KeywordQuery(namespace, question.text(), candidates, question.filter()));
                yield fusion.fuse(vectorHits, keywordHits, k);
            }
        };
    }

    private float[] embed(Question question) {
        String text = question.text().strip();
        if (question.useCache()) {
            Optional<float[]> cached = caches.embedding(model.modelId(), text);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        float[] vector = model.embed(text);
        if (question.useCache()) {
            caches.putEmbedding(model.modelId(), text, vector);
        }
        return vector;
    }

    private static List<SearchHit> first(int k, List<SearchHit> hits) {
        return hits.size() <= k ? List.copyOf(hits) : List.copyOf(hits.subList(0, k));
    }
}
