package dev.ragservice.adapters.local.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Lucene store promises or risks: exact cosine scores, keyword search over any user text, durability
 * across a restart, the recorded model, the directory lock and wide vectors. The port's common contract is
 * checked by the conformance kit ({@link LuceneConformanceTest}).
 */
class LuceneVectorStoreTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final IndexSpec SPEC = new IndexSpec("test-model", 4);

    @TempDir
    Path dir;

    private LuceneVectorStore store;

    @BeforeEach
    void open() {
        store = open(SPEC);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void declaresItsCapabilities() {
        assertThat(store.capabilities())
                .containsExactlyInAnyOrder(
                        Capability.KEYWORD_SEARCH, Capability.METADATA_FILTER, Capability.NAMESPACES);
        assertThat(store.isAvailable()).isTrue();
    }

    @Test
    void findsChunksByCosineSimilarityBestFirst() {
        Map<String, MetadataValue> metadata = Map.of(
                "title", MetadataValue.of("Guide"),
                "year", MetadataValue.of(2024),
                "draft", MetadataValue.of(false),
                "tags", MetadataValue.of(List.of("b", "a", "b")));
        store.upsert(
                "ns",
                List.of(
                        chunk("same", 0, "identical direction", metadata, 2, 0, 0, 0),
                        chunk("near", 0, "close", Map.of(), 0.9f, 0.1f, 0, 0),
                        chunk("orthogonal", 0, "unrelated", Map.of(), 0, 1, 0, 0),
                        chunk("opposite", 0, "opposite", Map.of(), -1, 0, 0, 0)),
                DEADLINE);

        List<SearchHit> hits = store.search(new VectorQuery("ns", new float[] {3, 0, 0, 0}, 4, Filter.ALL), DEADLINE);

        assertThat(hits).extracting(SearchHit::documentId).containsExactly("same", "near", "orthogonal", "opposite");
        assertThat(hits.get(0).score()).isCloseTo(1.0, offset(1e-6));
        assertThat(hits.get(1).score()).isCloseTo(0.9 / Math.sqrt(0.82), offset(1e-6));
        assertThat(hits.get(2).score()).isCloseTo(0.0, offset(1e-6));
        assertThat(hits.get(3).score()).isCloseTo(-1.0, offset(1e-6));
        SearchHit first = hits.get(0);
        assertThat(first.chunkId()).isEqualTo("same#0");
        assertThat(first.position()).isZero();
        assertThat(first.text()).isEqualTo("identical direction");
        assertThat(first.metadata()).isEqualTo(metadata);
    }

    @Test
    void everyChunkCarriesItsMetadataThoughADocumentStoresItOnce() {
        Map<String, MetadataValue> shared = Map.of("topic", MetadataValue.of("lenses"));
        Map<String, MetadataValue> own = Map.of("topic", MetadataValue.of("mirrors"));
        store.upsert("ns", List.of(chunk("other", 0, "noise", Map.of(), 0, 0, 0, 1)), DEADLINE);
        store.upsert(
                "ns",
                List.of(
                        chunk("doc", 0, "a", shared, 1, 0, 0, 0),
                        chunk("doc", 1, "b", shared, 0, 1, 0, 0),
                        chunk("doc", 2, "c", own, 0, 0, 1, 0),
                        chunk("doc", 3, "d", shared, 1, 1, 1, 0)),
                DEADLINE);
        // Segments before and after it: the block stays whole and in order.
        store.upsert("ns", List.of(chunk("later", 0, "noise", Map.of(), 0, 1, 1, 1)), DEADLINE);

        for (int position = 0; position < 4; position++) {
            float[] direction = new float[4];
            direction[Math.min(position, 2)] = 1;
            if (position == 3) {
                direction = new float[] {1, 1, 1, 0};
            }
            SearchHit hit = store.search(new VectorQuery("ns", direction, 1, Filter.ALL), DEADLINE)
                    .getFirst();
            assertThat(hit.position()).isEqualTo(position);
            assertThat(hit.metadata()).as("chunk %d", position).isEqualTo(position == 2 ? own : shared);
        }
    }

    @Test
    void keywordSearchTakesAnyUserTextWithoutSyntaxErrors() {
        store.upsert(
                "ns", List.of(chunk("doc", 0, "title: the AND operator (really)", Map.of(), 1, 0, 0, 0)), DEADLINE);

        for (String text : List.of("title:\"unclosed", "AND OR NOT", "(((", "operator^2 ~ * ?", "\\", "")) {
            assertThat(store.keywordSearch(new KeywordQuery("ns", text, 5, Filter.ALL), DEADLINE))
                    .as(text)
                    .isNotNull();
        }
        assertThat(store.keywordSearch(new KeywordQuery("ns", "the and of", 5, Filter.ALL), DEADLINE))
                .as("stop words only")
                .isEmpty();
        assertThat(store.keywordSearch(new KeywordQuery("ns", "operators?", 5, Filter.ALL), DEADLINE))
                .as("stemmed")
                .hasSize(1);
    }

    @Test
    void acknowledgedChunksSurviveCloseAndReopen() {
        store.upsert(
                "ns",
                List.of(chunk("doc", 0, "durable words", Map.of("n", MetadataValue.of(1)), 1, 0, 0, 0)),
                DEADLINE);
        store.close();

        store = open(SPEC);

        assertThat(store.stats("ns", DEADLINE)).isEqualTo(new StoreStats(1, 1));
        assertThat(store.search(query("ns", 1, 1, 0, 0, 0), DEADLINE))
                .extracting(SearchHit::text)
                .containsExactly("durable words");
        assertThat(store.keywordSearch(new KeywordQuery("ns", "durable", 1, Filter.ALL), DEADLINE))
                .hasSize(1);
    }

    @Test
    void refusesAnIndexBuiltForAnotherModelOrDimension() {
        store.upsert("ns", List.of(chunk("doc", 0, "text", Map.of(), 1, 0, 0, 0)), DEADLINE);
        store.close();

        assertThatThrownBy(() -> open(new IndexSpec("test-model", 8)))
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("test-model")
                .hasMessageContaining("dimension 4")
                .hasMessageContaining("dimension 8")
                .hasMessageContaining("DATA_DIR");
        assertThatThrownBy(() -> open(new IndexSpec("other-model", 4)))
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("'test-model'")
                .hasMessageContaining("'other-model'")
                .hasMessageContaining("re-ingest");

        // A refused open leaves the index untouched and unlocked.
        store = open(SPEC);
        assertThat(store.stats("ns", DEADLINE)).isEqualTo(new StoreStats(1, 1));
    }

    @Test
    void anEmptyIndexAlsoRemembersItsModel() {
        store.close();

        assertThatThrownBy(() -> open(new IndexSpec("other-model", 4))).isInstanceOf(IncompatibleIndexException.class);
        store = open(SPEC);
    }

    @Test
    void rejectsVectorsOfTheWrongDimensionOrWithoutDirection() {
        assertThatThrownBy(() -> store.search(new VectorQuery("ns", new float[3], 1, Filter.ALL), DEADLINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3");
        assertThatThrownBy(() -> store.upsert("ns", List.of(chunk("doc", 0, "t", Map.of(), 1, 0, 0, 0, 0)), DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.upsert("ns", List.of(chunk("doc", 0, "t", Map.of(), 0, 0, 0, 0)), DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.stats("ns", DEADLINE)).isEqualTo(new StoreStats(0, 0));
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> open(SPEC)).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.dependency()).isEqualTo("lucene");
            assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE);
        });
        assertThat(store.isAvailable()).isTrue();
    }

    @Test
    void aClosedStoreIsUnavailable() {
        store.close();

        assertThat(store.isAvailable()).isFalse();
        assertThatThrownBy(() -> store.search(query("ns", 1, 1, 0, 0, 0), DEADLINE))
                .isInstanceOfSatisfying(
                        DependencyException.class,
                        e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE));
        assertThatThrownBy(() -> store.upsert("ns", List.of(chunk("doc", 0, "t", Map.of(), 1, 0, 0, 0)), DEADLINE))
                .isInstanceOf(DependencyException.class);
        store.close();
    }

    @Test
    void holdsTheWideVectorsOfRemoteModels() {
        store.close();
        IndexSpec wide = new IndexSpec("text-embedding-3-small", 1536);
        LuceneVectorStore wideStore = new LuceneVectorStore(dir.resolve("wide"), wide, 0.9f, 0.4f);
        float[] vector = new float[1536];
        vector[7] = 1;
        wideStore.upsert("ns", List.of(new Chunk("doc#0", "doc", 0, "wide", vector, Map.of())), DEADLINE);
        wideStore.close();

        wideStore = new LuceneVectorStore(dir.resolve("wide"), wide, 0.9f, 0.4f);
        try {
            assertThat(wideStore.search(new VectorQuery("ns", vector, 1, Filter.ALL), DEADLINE))
                    .extracting(SearchHit::text)
                    .containsExactly("wide");
        } finally {
            wideStore.close();
            store = open(SPEC);
        }
    }

    @Test
    void concurrentUpsertsAndSearchesAreSafe() throws Exception {
        int writers = 4;
        int documentsEach = 25;
        ExecutorService threads = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                work.add(() -> {
                    for (int d = 0; d < documentsEach; d++) {
                        String doc = "w" + writer + "-d" + d;
                        store.upsert(
                                "ns",
                                List.of(
                                        chunk(doc, 0, "chunk zero of " + doc, Map.of(), 1, writer, d, 1),
                                        chunk(doc, 1, "chunk one of " + doc, Map.of(), 0, 1, writer, d)),
                                DEADLINE);
                    }
                    return documentsEach;
                });
            }
            for (int r = 0; r < 2; r++) {
                work.add(() -> {
                    int searches = 0;
                    for (int i = 0; i < 40; i++) {
                        assertThat(store.search(query("ns", 5, 1, 1, 1, 1), DEADLINE)
                                        .size())
                                .isBetween(0, 5);
                        store.keywordSearch(new KeywordQuery("ns", "chunk zero", 5, Filter.ALL), DEADLINE);
                        store.stats("ns", DEADLINE);
                        searches++;
                    }
                    return searches;
                });
            }
            for (Future<Integer> result : threads.invokeAll(work)) {
                result.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(store.stats("ns", DEADLINE))
                .isEqualTo(new StoreStats(writers * documentsEach, 2L * writers * documentsEach));
        Set<String> documents = new HashSet<>();
        store.search(query("ns", 1000, 1, 1, 1, 1), DEADLINE).forEach(hit -> documents.add(hit.documentId()));
        assertThat(documents).hasSize(writers * documentsEach);
        IntStream.range(0, writers).forEach(w -> assertThat(documents).contains("w" + w + "-d0"));
    }

    private LuceneVectorStore open(IndexSpec spec) {
        return new LuceneVectorStore(dir.resolve("lucene"), spec, 0.9f, 0.4f);
    }

    static Chunk chunk(
            String documentId, int position, String text, Map<String, MetadataValue> metadata, float... vector) {
        return new Chunk(documentId + "#" + position, documentId, position, text, vector, metadata);
    }

    private static VectorQuery query(String namespace, int k, float... vector) {
        return new VectorQuery(namespace, vector, k, Filter.ALL);
    }
}
