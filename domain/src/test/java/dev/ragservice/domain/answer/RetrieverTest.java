package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.cache.CacheSettings;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.fakes.HashingEmbeddingModel;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.InMemoryVectorStore;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.ChunkingPolicy;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetrieverTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(10));

    private final HashingEmbeddingModel model = new HashingEmbeddingModel();
    private final InMemoryCache cache = new InMemoryCache();
    private final RecordingCacheListener listener = new RecordingCacheListener();
    private final QueryCaches caches = new QueryCaches(cache, ON, listener);

    private Retriever retrieverOver(InMemoryVectorStore store) {
        IngestDocuments ingest = new IngestDocuments(
                model, store, new Chunker(model::countTokens, new ChunkingPolicy(64, 0)), new CorpusVersions(cache));
        ingest.ingest(new IngestCommand(
                "ns",
                List.of(
                        new Document(
                                "cats",
                                "Cats sleep most of the day and hunt at night.",
                                Map.of("kind", MetadataValue.of("animal"))),
                        new Document(
                                "dogs",
                                "Dogs are loyal companions and enjoy long walks.",
                                Map.of("kind", MetadataValue.of("animal"))),
                        new Document(
                                "bm25",
                                "BM25 ranks documents by term frequency and inverse document frequency.",
                                Map.of("kind", MetadataValue.of("ir"))),
                        new Document(
                                "vectors",
                                "Vector search ranks documents by cosine similarity of embeddings.",
                                Map.of("kind", MetadataValue.of("ir")))),
                TestRequests.context()));
        listener.clear();
        return new Retriever(model, store, caches, new HybridFusion());
    }

    private static Question question(String text, int k, Filter filter, SearchMode mode) {
        return new Question("ns", text, k, filter, mode, true, TestRequests.context());
    }

    private static List<String> documents(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::documentId).toList();
    }

    @Test
    void defaultsToHybridOnlyWhenTheStoreSearchesKeywords() {
        assertThat(new Retriever(model, InMemoryVectorStore.withKeywordSearch(), caches, new HybridFusion())
                        .defaultMode())
                .isEqualTo(SearchMode.HYBRID);
        assertThat(new Retriever(model, InMemoryVectorStore.vectorOnly(), caches, new HybridFusion()).defaultMode())
                .isEqualTo(SearchMode.VECTOR);
    }

    @Test
    void keywordAndHybridNeedAStoreWithKeywordSearch() {
        Retriever retriever = retrieverOver(InMemoryVectorStore.vectorOnly());

        for (SearchMode mode : List.of(SearchMode.KEYWORD, SearchMode.HYBRID)) {
            assertThatThrownBy(() -> retriever.retrieve(question("cats", 2, null, mode)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.code()).isEqualTo("unsupported_mode");
                        assertThat(e.getMessage()).contains("vector");
                    });
        }
        assertThat(documents(retriever.retrieve(question("When do cats hunt?", 1, null, null))))
                .containsExactly("cats");
    }

    @Test
    void vectorModeEmbedsTheQuestionAndSearchesVectorsOnly() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        Retriever retriever = retrieverOver(store);

        List<SearchHit> hits = retriever.retrieve(question("When do cats hunt", 2, null, SearchMode.VECTOR));

        assertThat(hits).hasSize(2);
        assertThat(hits.getFirst().documentId()).isEqualTo("cats");
        assertThat(store.vectorQueries())
                .singleElement()
                .satisfies(q -> assertThat(q.k()).isEqualTo(2));
        assertThat(store.keywordQueries()).isEmpty();
    }

    @Test
    void keywordModeNeedsNoEmbedding() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        Retriever retriever = retrieverOver(store);
        int embedded = model.textsEmbedded();

        List<SearchHit> hits = retriever.retrieve(question("inverse document frequency", 3, null, SearchMode.KEYWORD));

        assertThat(hits.getFirst().documentId()).isEqualTo("bm25");
        assertThat(model.textsEmbedded()).isEqualTo(embedded);
        assertThat(store.vectorQueries()).isEmpty();
        assertThat(listener.events()).containsExactly("miss:search");
    }

    @Test
    void hybridAsksEachListForMoreCandidatesAndFusesToK() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        Retriever retriever = retrieverOver(store);

        List<SearchHit> hits =
                retriever.retrieve(question("documents ranked by cosine similarity", 2, null, SearchMode.HYBRID));

        assertThat(hits).hasSize(2);
        assertThat(hits.getFirst().documentId()).isEqualTo("vectors");
        assertThat(hits.getFirst().score()).isEqualTo(2.0 / 61); // first in both lists
        assertThat(store.vectorQueries())
                .singleElement()
                .satisfies(q -> assertThat(q.k()).isEqualTo(20));
        assertThat(store.keywordQueries())
                .singleElement()
                .satisfies(q -> assertThat(q.k()).isEqualTo(20));
    }

    @Test
    void hybridSearchesKeywordsWhileTheQuestionIsEmbedded() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        retrieverOver(store);
        CountDownLatch keywordsSearched = new CountDownLatch(1);
        VectorStore signalling = new KeywordSearchSpy(store, keywordsSearched::countDown);
        EmbeddingModel waitingForKeywords = new EmbeddingModel() {
            @Override
            public String modelId() {
                return model.modelId();
            }

            @Override
            public int dimension() {
                return model.dimension();
            }

            @Override
            public int maxInputTokens() {
                return model.maxInputTokens();
            }

            @Override
            public int countTokens(String text) {
                return model.countTokens(text);
            }

            @Override
            public List<float[]> embedAll(List<String> texts, Deadline deadline) {
                try {
                    // Had the searches run one after the other, the keyword search would start only after this.
                    assertThat(keywordsSearched.await(1, TimeUnit.MINUTES))
                            .as("keyword search started while the question was embedded")
                            .isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return model.embedAll(texts, deadline);
            }
        };
        Retriever retriever = new Retriever(waitingForKeywords, signalling, caches, new HybridFusion());

        List<SearchHit> hits =
                retriever.retrieve(question("documents ranked by cosine similarity", 2, null, SearchMode.HYBRID));

        assertThat(documents(hits)).hasSize(2).contains("vectors");
    }

    @Test
    void aFailedKeywordSearchFailsTheHybridSearchAsItFailed() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        retrieverOver(store);
        DependencyException failure =
                new DependencyException("store", DependencyException.Kind.UNAVAILABLE, "keyword index gone", null);
        Retriever retriever = new Retriever(
                model,
                new KeywordSearchSpy(store, () -> {
                    throw failure;
                }),
                caches,
                new HybridFusion());

        assertThatThrownBy(() -> retriever.retrieve(question("cats", 2, null, SearchMode.HYBRID)))
                .isSameAs(failure);
    }

    /** The store, running something of the test's at the start of each keyword search. */
    private record KeywordSearchSpy(InMemoryVectorStore store, Runnable onKeywordSearch) implements VectorStore {
        @Override
        public Set<Capability> capabilities() {
            return store.capabilities();
        }

        @Override
        public void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
            store.upsert(namespace, chunks, deadline);
        }

        @Override
        public List<SearchHit> search(VectorQuery query, Deadline deadline) {
            return store.search(query, deadline);
        }

        @Override
        public List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
            onKeywordSearch.run();
            return store.keywordSearch(query, deadline);
        }

        @Override
        public void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
            store.deleteDocuments(namespace, documentIds, deadline);
        }

        @Override
        public StoreStats stats(String namespace, Deadline deadline) {
            return store.stats(namespace, deadline);
        }

        @Override
        public boolean isAvailable() {
            return store.isAvailable();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Test
    void candidatesAreFourTimesKWithinBounds() {
        assertThat(Retriever.candidates(1)).isEqualTo(20);
        assertThat(Retriever.candidates(10)).isEqualTo(40);
        assertThat(Retriever.candidates(25)).isEqualTo(100);
        assertThat(Retriever.candidates(100)).isEqualTo(100);
    }

    @Test
    void passesTheFilterToTheStore() {
        Retriever retriever = retrieverOver(InMemoryVectorStore.withKeywordSearch());
        Filter onlyIr = new Filter.Compare("kind", Filter.Operator.EQ, MetadataValue.of("ir"));

        List<SearchHit> hits = retriever.retrieve(question("cats sleep", 4, onlyIr, SearchMode.VECTOR));

        assertThat(documents(hits)).containsExactlyInAnyOrder("bm25", "vectors");
    }

    @Test
    void aSearchHitNeedsNeitherTheModelNorTheStore() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        Retriever retriever = retrieverOver(store);
        Question question = question("When do cats hunt", 2, null, SearchMode.HYBRID);

        List<SearchHit> first = retriever.retrieve(question);
        int embedded = model.textsEmbedded();
        int searches = store.searches();
        List<SearchHit> second = retriever.retrieve(question);

        assertThat(second).isEqualTo(first);
        assertThat(model.textsEmbedded()).isEqualTo(embedded);
        assertThat(store.searches()).isEqualTo(searches);
        assertThat(listener.events()).containsExactly("miss:search", "miss:embedding", "hit:search");
    }

    @Test
    void rankGoesDeeperThanARequestMayAskWithoutTouchingTheCache() {
        InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
        IngestDocuments ingest = new IngestDocuments(
                model, store, new Chunker(model::countTokens, new ChunkingPolicy(64, 0)), new CorpusVersions(cache));
        List<Document> many = java.util.stream.IntStream.range(0, Question.MAX_K + 50)
                .mapToObj(i -> new Document("d" + i, "shared words and a number " + i))
                .toList();
        ingest.ingest(new IngestCommand("ns", many, TestRequests.context()));
        listener.clear();
        Retriever retriever = new Retriever(model, store, caches, new HybridFusion());

        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> hits = retriever.rank(question("shared words", 1, null, mode), Question.MAX_K + 20);

            assertThat(hits).as(mode.name()).hasSize(Question.MAX_K + 20);
        }
        assertThat(store.vectorQueries()).allSatisfy(q -> assertThat(q.k()).isEqualTo(Question.MAX_K + 20));
        assertThat(store.keywordQueries()).allSatisfy(q -> assertThat(q.k()).isEqualTo(Question.MAX_K + 20));
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void rankIsRetrieveAtTheSameDepth() {
        Retriever retriever = retrieverOver(InMemoryVectorStore.withKeywordSearch());

        for (SearchMode mode : SearchMode.values()) {
            Question question =
                    new Question("ns", "documents ranked by similarity", 3, null, mode, false, TestRequests.context());
            assertThat(retriever.rank(question, 3)).as(mode.name()).isEqualTo(retriever.retrieve(question));
        }
    }

    @Test
    void rankRefusesADepthOutsideItsBounds() {
        Retriever retriever = retrieverOver(InMemoryVectorStore.withKeywordSearch());
        Question question = question("cats", 1, null, SearchMode.KEYWORD);

        assertThatThrownBy(() -> retriever.rank(question, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retriever.rank(question, Retriever.MAX_RANK_DEPTH + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(Retriever.MAX_RANK_DEPTH));
    }
}
