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
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
