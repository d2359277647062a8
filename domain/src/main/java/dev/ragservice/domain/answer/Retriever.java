package dev.ragservice.domain.answer;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.cache.SearchKey;
import dev.ragservice.ports.Deadline;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

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

    /**
     * The deepest ranking {@link #rank} gives: evaluation measures such as MAP are conventionally taken over 1000
     * documents, and a document may need several chunks.
     */
    public static final int MAX_RANK_DEPTH = 10_000;

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

    /**
     * The question's best {@code depth} chunks, best first, found by the same searches and fusion as
     * {@link #retrieve} but deeper than the {@value Question#MAX_K} a request may ask for: offline evaluation
     * ranks a whole test collection, while the request limit protects the service. The question's own k is
     * ignored, and no cache tier is read or written, so a ranking never comes from a search of another depth.
     *
     * @throws IllegalArgumentException when depth is not between 1 and {@value #MAX_RANK_DEPTH}
     * @throws InvalidRequestException  {@code unsupported_mode}, as for {@link #retrieve}
     */
    public List<SearchHit> rank(Question question, int depth) {
        if (depth < 1 || depth > MAX_RANK_DEPTH) {
            throw new IllegalArgumentException("depth must be between 1 and " + MAX_RANK_DEPTH + ", got " + depth);
        }
        return search(question, modeOf(question), depth, false);
    }

    /** The mode the question is searched in: its own, or the default. */
    SearchMode modeOf(Question question) {
        SearchMode mode = question.mode() == null ? defaultMode() : question.mode();
        if (mode != SearchMode.VECTOR && !keywordSearch) {
            throw new InvalidRequestException(
                    "unsupported_mode",
                    "the vector store has no keyword search, so mode "
                            + mode.name().toLowerCase(Locale.ROOT) + " is not available; use vector");
        }
        return mode;
    }

    SearchKey searchKey(Question question, SearchMode mode, long corpusVersion) {
        return new SearchKey(
                question.namespace(),
                corpusVersion,
                mode.name(),
                question.k(),
                question.filter(),
                question.text(),
                model.modelId() + ";rrf=" + fusion.rrfK());
    }

    /** @param corpusVersion the version read at the start of the request; empty skips the search tier */
    List<SearchHit> retrieve(Question question, SearchMode mode, OptionalLong corpusVersion) {
        return retrieve(question, mode, corpusVersion, Optional.empty());
    }

    /**
     * @param corpusVersion the version read at the start of the request; empty skips the search tier
     * @param vector        the question's {@link #embedding}, when the caller already has it: it is not looked up
     *                      or computed again
     */
    List<SearchHit> retrieve(Question question, SearchMode mode, OptionalLong corpusVersion, Optional<float[]> vector) {
        Optional<SearchKey> key = corpusVersion.isPresent()
                ? Optional.of(searchKey(question, mode, corpusVersion.getAsLong()))
                : Optional.empty();
        if (key.isPresent()) {
            Optional<List<SearchHit>> cached = caches.searchHits(key.get());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        List<SearchHit> hits = search(
                question, mode, question.k(), () -> vector.orElseGet(() -> embed(question, question.useCache())));
        key.ifPresent(k -> caches.putSearchHits(k, hits));
        return hits;
    }

    /** The question's vector, through the embedding tier unless the question opted out of caching. */
    float[] embedding(Question question) {
        return embed(question, question.useCache());
    }

    private List<SearchHit> search(Question question, SearchMode mode, int k, boolean useCache) {
        return search(question, mode, k, () -> embed(question, useCache));
    }

    /** @param vector asked at most once, and only by the modes that search by vector */
    private List<SearchHit> search(Question question, SearchMode mode, int k, Supplier<float[]> vector) {
        String namespace = question.namespace();
        Deadline deadline = question.context().deadline();
        return switch (mode) {
            case VECTOR ->
                first(k, store.search(new VectorQuery(namespace, vector.get(), k, question.filter()), deadline));
            case KEYWORD ->
                first(
                        k,
                        store.keywordSearch(
                                new KeywordQuery(namespace, question.text(), k, question.filter()), deadline));
            case HYBRID -> {
                int candidates = candidates(k);
                // The keyword search needs no vector: it runs while the question is embedded (most of the wait).
                FutureTask<List<SearchHit>> keywordSearch = new FutureTask<>(() -> store.keywordSearch(
                        new KeywordQuery(namespace, question.text(), candidates, question.filter()), deadline));
                Thread.ofVirtual().name("keyword-search").start(keywordSearch);
                List<SearchHit> vectorHits;
                try {
                    vectorHits = store.search(
                            new VectorQuery(namespace, vector.get(), candidates, question.filter()), deadline);
                } catch (RuntimeException | Error e) {
                    // Its answer is no longer wanted: the request has failed.
                    keywordSearch.cancel(false);
                    throw e;
                }
                yield fusion.fuse(vectorHits, joined(keywordSearch), k);
            }
        };
    }

    private float[] embed(Question question, boolean useCache) {
        String text = question.text().strip();
        if (useCache) {
            Optional<float[]> cached = caches.embedding(question.namespace(), model.modelId(), text);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        float[] vector = model.embed(text, question.context().deadline());
        if (useCache) {
            caches.putEmbedding(question.namespace(), model.modelId(), text, vector);
        }
        return vector;
    }

    /** The task's result, its failure rethrown as it was thrown. */
    private static List<SearchHit> joined(FutureTask<List<SearchHit>> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching keywords", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("keyword search failed", e.getCause());
        }
    }

    private static List<SearchHit> first(int k, List<SearchHit> hits) {
        return hits.size() <= k ? List.copyOf(hits) : List.copyOf(hits.subList(0, k));
    }
}
