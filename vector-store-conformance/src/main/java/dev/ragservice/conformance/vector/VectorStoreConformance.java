package dev.ragservice.conformance.vector;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance kit of the {@link VectorStore} port: what every store, built in or third party, must do, so
 * the service behaves the same on any of them. A store's tests extend this class and return a fresh, empty store
 * from {@link #newStore(IndexSpec)}; every test here then runs against it.
 *
 * <p>Filters are checked against {@link Filter#matches}, the reference meaning, on fixed cases and on random
 * filters over random metadata. Tests of an optional ability run only when the store declares its
 * {@link Capability}; a store without keyword search must refuse it.
 */
public abstract class VectorStoreConformance {

    /** The index every test opens; small vectors keep the expected nearest neighbours easy to reason about. */
    protected static final IndexSpec SPEC = new IndexSpec("conformance-model", 4);

    private static final String NS = "ns";
    private static final double SCORE_TOLERANCE = 1e-4;

    private VectorStore store;

    /**
     * A new, empty store for vectors of {@code spec}, independent of those of earlier tests. The kit closes it
     * after each test.
     */
    protected abstract VectorStore newStore(IndexSpec spec);

    @BeforeEach
    final void openStore() {
        store = newStore(SPEC);
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** A deadline no call of the kit comes near: the kit checks what stores do, not how fast. */
    protected static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(1));
    }

    /** The store of the running test, for a subclass's own extra tests. */
    protected final VectorStore store() {
        return store;
    }

    // ---------------------------------------------------------------- writes

    @Test
    void upsertingTheSameChunksAgainChangesNothing() {
        List<Chunk> chunks = List.of(chunk("doc", 0, "one", Map.of("k", MetadataValue.of("v")), 1, 0, 0, 0),
                chunk("doc", 1, "two", Map.of("k", MetadataValue.of("v")), 0, 1, 0, 0),
                chunk("other", 0, "three", Map.of(), 0, 0, 1, 0));
        store.upsert(NS, chunks, deadline());
        List<SearchHit> before = store.search(query(NS, 10, 1, 1, 1, 0), deadline());

        store.upsert(NS, chunks, deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 3));
        List<SearchHit> after = store.search(query(NS, 10, 1, 1, 1, 0), deadline());
        assertThat(after).extracting(SearchHit::chunkId, SearchHit::text, SearchHit::metadata)
                .containsExactlyElementsOf(before.stream()
                        .map(hit -> tuple(hit.chunkId(), hit.text(), hit.metadata())).toList());
    }

    @Test
    void upsertReplacesEveryChunkOfADocument() {
        store.upsert(NS, List.of(chunk("doc", 0, "a", Map.of(), 1, 0, 0, 0),
                chunk("doc", 1, "b", Map.of(), 0, 1, 0, 0),
                chunk("doc", 2, "c", Map.of(), 0, 0, 1, 0),
                chunk("kept", 0, "k0", Map.of(), 0, 0, 0, 1),
                chunk("kept", 1, "k1", Map.of(), 0, 0, 1, 1)), deadline());

        store.upsert(NS, List.of(chunk("doc", 0, "a, revised", Map.of("v", MetadataValue.of(2)), 1, 0, 0, 0)), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 3));
        assertThat(store.search(query(NS, 10, 0, 1, 1, 0), deadline()))
                .extracting(SearchHit::chunkId, SearchHit::text)
                .containsExactlyInAnyOrder(tuple("doc#0", "a, revised"), tuple("kept#0", "k0"), tuple("kept#1", "k1"));
    }

    @Test
    void oneUpsertReplacesEachOfItsDocumentsOnItsOwn() {
        store.upsert(NS, List.of(chunk("a", 0, "a0", Map.of(), 1, 0, 0, 0), chunk("a", 1, "a1", Map.of(), 0, 1, 0, 0),
                chunk("b", 0, "b0", Map.of(), 0, 0, 1, 0), chunk("b", 1, "b1", Map.of(), 0, 0, 0, 1)), deadline());

        store.upsert(NS, List.of(chunk("a", 0, "a0'", Map.of(), 1, 0, 0, 0),
                chunk("b", 0, "b0'", Map.of(), 0, 0, 1, 0), chunk("b", 1, "b1'", Map.of(), 0, 0, 0, 1),
                chunk("b", 2, "b2'", Map.of(), 1, 1, 1, 1)), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 4));
        assertThat(texts(store.search(query(NS, 10, 1, 1, 1, 1), deadline()))).containsExactlyInAnyOrder("a0'", "b0'", "b1'", "b2'");
    }

    @Test
    void deletingDocumentsRemovesAllTheirChunksAndNothingElse() {
        store.upsert(NS, List.of(chunk("gone", 0, "a", Map.of(), 1, 0, 0, 0),
                chunk("gone", 1, "b", Map.of(), 0, 1, 0, 0),
                chunk("also-gone", 0, "c", Map.of(), 0, 1, 1, 0),
                chunk("kept", 0, "d", Map.of(), 0, 0, 1, 0)), deadline());

        store.deleteDocuments(NS, List.of("gone", "also-gone", "never-existed"), deadline());
        store.deleteDocuments(NS, List.of(), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(1, 1));
        assertThat(store.search(query(NS, 10, 1, 1, 1, 1), deadline())).extracting(SearchHit::documentId)
                .containsExactly("kept");
    }

    @Test
    void deletingADocumentTwiceIsHarmless() {
        store.upsert(NS, List.of(chunk("doc", 0, "a", Map.of(), 1, 0, 0, 0)), deadline());

        store.deleteDocuments(NS, List.of("doc"), deadline());
        store.deleteDocuments(NS, List.of("doc"), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(0, 0));
        assertThat(store.search(query(NS, 10, 1, 0, 0, 0), deadline())).isEmpty();
    }

    @Test
    void statsCountDocumentsAndChunks() {
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(0, 0));

        store.upsert(NS, List.of(chunk("three", 0, "a", Map.of(), 1, 0, 0, 0),
                chunk("three", 1, "b", Map.of(), 0, 1, 0, 0),
                chunk("three", 2, "c", Map.of(), 0, 0, 1, 0),
                chunk("one", 0, "d", Map.of(), 0, 0, 0, 1)), deadline());
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 4));

        store.upsert(NS, List.of(chunk("one", 0, "d", Map.of(), 0, 0, 0, 1), chunk("one", 1, "e", Map.of(), 1, 1, 0, 0)), deadline());
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 5));

        store.deleteDocuments(NS, List.of("three"), deadline());
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(1, 2));
    }

    // ---------------------------------------------------------------- namespaces

    @Test
    void namespacesDoNotSeeEachOther() {
        assumeTrue(store.capabilities().contains(Capability.NAMESPACES), "the store has no namespaces");
        store.upsert("left", List.of(chunk("doc", 0, "left text", Map.of("side", MetadataValue.of("l")), 1, 0, 0, 0)), deadline());
        store.upsert("right", List.of(chunk("doc", 0, "right text", Map.of("side", MetadataValue.of("r")), 1, 0, 0, 0),
                chunk("other", 0, "right text again", Map.of(), 0, 1, 0, 0)), deadline());

        assertThat(texts(store.search(query("left", 10, 1, 0, 0, 0), deadline()))).containsExactly("left text");
        assertThat(store.stats("left", deadline())).isEqualTo(new StoreStats(1, 1));

        store.deleteDocuments("left", List.of("doc"), deadline());

        assertThat(store.stats("left", deadline())).isEqualTo(new StoreStats(0, 0));
        assertThat(store.stats("right", deadline())).isEqualTo(new StoreStats(2, 2));
        assertThat(store.search(query("left", 10, 1, 0, 0, 0), deadline())).isEmpty();
        assertThat(texts(store.search(query("right", 10, 1, 0, 0, 0), deadline())))
                .containsExactly("right text", "right text again");
        assertThat(store.stats("nobody", deadline())).isEqualTo(new StoreStats(0, 0));
        assertThat(store.search(query("nobody", 10, 1, 0, 0, 0), deadline())).isEmpty();
    }

    @Test
    void anUpsertInOneNamespaceReplacesNothingInAnother() {
        assumeTrue(store.capabilities().contains(Capability.NAMESPACES), "the store has no namespaces");
        store.upsert("left", List.of(chunk("doc", 0, "l0", Map.of(), 1, 0, 0, 0), chunk("doc", 1, "l1", Map.of(), 0, 1, 0, 0)), deadline());

        store.upsert("right", List.of(chunk("doc", 0, "r0", Map.of(), 1, 0, 0, 0)), deadline());

        assertThat(store.stats("left", deadline())).isEqualTo(new StoreStats(1, 2));
        assertThat(texts(store.search(query("left", 10, 1, 1, 0, 0), deadline()))).containsExactlyInAnyOrder("l0", "l1");
    }

    // ---------------------------------------------------------------- search

    @Test
    void returnsAtMostKHitsWithNonIncreasingCosineScores() {
        List<Chunk> chunks = randomChunks(new Random(3), 60);
        store.upsert(NS, chunks, deadline());
        float[] probe = {0.3f, -0.2f, 0.5f, 0.1f};

        List<SearchHit> hits = store.search(new VectorQuery(NS, probe, 7, Filter.ALL), deadline());

        assertThat(hits).hasSize(7);
        assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        Map<String, Chunk> byId = chunks.stream().collect(Collectors.toMap(Chunk::id, chunk -> chunk));
        assertThat(hits).allSatisfy(hit -> {
            Chunk stored = Objects.requireNonNull(
                    byId.get(hit.chunkId()), () -> "a hit the store was never given: " + hit.chunkId());
            assertThat(hit.score())
                    .as("the score of %s is its cosine similarity", hit.chunkId())
                    .isCloseTo(cosine(probe, stored.vector()), offset(SCORE_TOLERANCE));
        });
        assertThat(store.search(new VectorQuery(NS, probe, 1000, Filter.ALL), deadline())).hasSize(60);
    }

    @Test
    void theExactNearestNeighbourComesFirst() {
        Random random = new Random(11);
        List<Chunk> chunks = randomChunks(random, 50);
        store.upsert(NS, chunks, deadline());

        for (int i = 0; i < 5; i++) {
            Chunk target = chunks.get(random.nextInt(chunks.size()));
            float[] scaled = target.vector().clone();
            for (int d = 0; d < scaled.length; d++) {
                scaled[d] *= 3;
            }
            List<SearchHit> hits = store.search(new VectorQuery(NS, scaled, 3, Filter.ALL), deadline());

            assertThat(hits).as("nearest to %s", target.id()).isNotEmpty();
            assertThat(hits.get(0).chunkId()).isEqualTo(target.id());
            assertThat(hits.get(0).score()).isCloseTo(1.0, offset(SCORE_TOLERANCE));
        }
    }

    @Test
    void hitsCarryTheirChunkAndMetadataOfEveryKind() {
        Map<String, MetadataValue> metadata = Map.of(
                "title", MetadataValue.of("Naïve guide ✓ 東京"),
                "empty", MetadataValue.of(""),
                "year", MetadataValue.of(2024),
                "ratio", MetadataValue.of(-1.25),
                "big", MetadataValue.of(1e15),
                "draft", MetadataValue.of(false),
                "public", MetadataValue.of(true),
                "tags", MetadataValue.of(List.of("b", "a", "b")),
                "none", MetadataValue.of(List.of()));
        store.upsert(NS, List.of(new Chunk("guide#3", "guide", 3, "the text of chunk three", new float[] {1, 2, 3, 4},
                        metadata),
                chunk("bare", 0, "no metadata", Map.of(), -1, 0, 0, 0)), deadline());

        List<SearchHit> hits = store.search(query(NS, 2, 1, 2, 3, 4), deadline());

        assertThat(hits).hasSize(2);
        SearchHit first = hits.get(0);
        assertThat(first.chunkId()).isEqualTo("guide#3");
        assertThat(first.documentId()).isEqualTo("guide");
        assertThat(first.position()).isEqualTo(3);
        assertThat(first.text()).isEqualTo("the text of chunk three");
        assertThat(first.metadata()).isEqualTo(metadata);
        assertThat(hits.get(1).metadata()).isEmpty();
        assertThat(hits.get(1).text()).isEqualTo("no metadata");
    }

    // ---------------------------------------------------------------- filters

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ragservice.conformance.vector.FilterCases#cases")
    void eachOperatorSelectsWhatTheReferenceSelects(String name, Filter filter, Set<String> expected) {
        assumeFilters();
        Set<String> reference = FilterCases.LIBRARY.stream().filter(chunk -> filter.matches(chunk.metadata()))
                .map(Chunk::documentId).collect(Collectors.toSet());
        assertThat(reference).as("the kit's own expectation for %s", name).isEqualTo(expected);
        store.upsert(NS, FilterCases.LIBRARY, deadline());

        List<SearchHit> hits = store.search(new VectorQuery(NS, new float[] {1, 1, 1, 1}, 100, filter), deadline());

        assertThat(hits).extracting(SearchHit::documentId).as("%s: %s", name, filter)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void valuesOfDifferentKindsNeverMeet() {
        assumeFilters();
        store.upsert(NS, List.of(
                chunk("text5", 0, "t", Map.of("v", MetadataValue.of("5")), 1, 0, 0, 0),
                chunk("number5", 0, "t", Map.of("v", MetadataValue.of(5)), 1, 0, 0, 0),
                chunk("textTrue", 0, "t", Map.of("v", MetadataValue.of("true")), 1, 0, 0, 0),
                chunk("boolTrue", 0, "t", Map.of("v", MetadataValue.of(true)), 1, 0, 0, 0),
                chunk("list", 0, "t", Map.of("v", MetadataValue.of(List.of("5", "true"))), 1, 0, 0, 0),
                chunk("none", 0, "t", Map.of(), 1, 0, 0, 0)), deadline());

        assertThat(select(eq("v", MetadataValue.of(5)))).containsExactly("number5");
        assertThat(select(eq("v", MetadataValue.of("5")))).containsExactly("list", "text5");
        assertThat(select(eq("v", MetadataValue.of(true)))).containsExactly("boolTrue");
        assertThat(select(eq("v", MetadataValue.of("true")))).containsExactly("list", "textTrue");
        assertThat(select(new Filter.Compare("v", Filter.Operator.NE, MetadataValue.of(5))))
                .containsExactly("boolTrue", "list", "none", "text5", "textTrue");
        assertThat(select(new Filter.Compare("v", Filter.Operator.GTE, MetadataValue.of(0))))
                .containsExactly("number5");
        assertThat(select(new Filter.In("v", List.of(MetadataValue.of(5), MetadataValue.of(true)), true)))
                .containsExactly("list", "none", "text5", "textTrue");
        assertThat(select(new Filter.In("v", List.of(MetadataValue.of("5")), false))).containsExactly("list", "text5");
        assertThat(select(new Filter.Exists("v", false))).containsExactly("none");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomFiltersSelectExactlyWhatTheReferenceSelects(long seed) {
        assumeFilters();
        Random corpusRandom = new Random(20240611);
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            chunks.add(new Chunk("doc" + i + "#0", "doc" + i, 0, "words " + i,
                    new float[] {1 + corpusRandom.nextFloat(), corpusRandom.nextFloat(), corpusRandom.nextFloat(), 0.5f},
                    RandomMetadata.PORTABLE.metadata(corpusRandom)));
        }
        chunks.add(new Chunk("bare#0", "bare", 0, "no metadata", new float[] {1, 1, 1, 1}, Map.of()));
        if (store.capabilities().contains(Capability.NAMESPACES)) {
            // Another namespace holds the same values: no filter may reach it.
            store.upsert("elsewhere", chunks.subList(0, 50), deadline());
        }
        store.upsert(NS, chunks, deadline());

        Random random = new Random(seed);
        int partial = 0;
        for (int i = 0; i < 100; i++) {
            Filter filter = RandomMetadata.PORTABLE.filter(random, 3);
            Set<String> expected = chunks.stream().filter(chunk -> filter.matches(chunk.metadata()))
                    .map(Chunk::id).collect(Collectors.toCollection(TreeSet::new));

            Set<String> selected = store.search(new VectorQuery(NS, new float[] {1, 0.5f, 0.5f, 0.5f},
                            chunks.size() + 1, filter), deadline()).stream()
                    .map(SearchHit::chunkId).collect(Collectors.toCollection(TreeSet::new));

            assertThat(selected).as("seed %d, filter %d: %s", seed, i, filter).isEqualTo(expected);
            if (!expected.isEmpty() && expected.size() < chunks.size()) {
                partial++;
            }
        }
        // Filters that select all or nothing prove little: most of them must split the chunks.
        assertThat(partial).isGreaterThan(40);
    }

    @Test
    void filtersAreAppliedBeforeKIsCounted() {
        assumeFilters();
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // The wanted ones point away from the query: a post-filter over the top k would find none.
            boolean wanted = i % 10 == 0;
            chunks.add(chunk("doc" + i, 0, "text", Map.of("wanted", MetadataValue.of(wanted)),
                    wanted ? -1 : 1, i, 0, 0));
        }
        store.upsert(NS, chunks, deadline());

        List<SearchHit> hits = store.search(new VectorQuery(NS, new float[] {1, 0, 0, 0}, 3,
                eq("wanted", MetadataValue.of(true))), deadline());

        assertThat(hits).hasSize(3).allSatisfy(hit ->
                assertThat(hit.metadata().get("wanted")).isEqualTo(MetadataValue.of(true)));
    }

    // ---------------------------------------------------------------- keyword search

    @Test
    void keywordSearchRanksTheChunkWithTheQueryWordsFirstOrIsRefused() {
        store.upsert(NS, List.of(
                chunk("cooking", 0, "Boil the pasta in salted water for ten minutes.", Map.of(), 1, 0, 0, 0),
                chunk("lucene", 0, "Lucene indexes vectors and searches them with graphs.", Map.of(), 0, 1, 0, 0),
                chunk("search", 0, "Search engines rank documents; some index text only.", Map.of(), 0, 0, 1, 0)), deadline());
        KeywordQuery question = new KeywordQuery(NS, "How does Lucene search vectors?", 10, Filter.ALL);

        if (!store.capabilities().contains(Capability.KEYWORD_SEARCH)) {
            assertThatThrownBy(() -> store.keywordSearch(question, deadline())).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        List<SearchHit> hits = store.keywordSearch(question, deadline());

        assertThat(hits).extracting(SearchHit::documentId).startsWith("lucene").doesNotContain("cooking");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(0).text()).isEqualTo("Lucene indexes vectors and searches them with graphs.");
    }

    @Test
    void keywordSearchHonoursFiltersAndNamespaces() {
        assumeTrue(store.capabilities().contains(Capability.KEYWORD_SEARCH), "the store has no keyword search");
        store.upsert(NS, List.of(
                chunk("en", 0, "vector search", Map.of("lang", MetadataValue.of("en")), 1, 0, 0, 0),
                chunk("de", 0, "vector search", Map.of("lang", MetadataValue.of("de")), 0, 1, 0, 0)), deadline());
        store.upsert("elsewhere", List.of(chunk("de", 0, "vector search", Map.of("lang", MetadataValue.of("de")),
                0, 1, 0, 0)), deadline());

        List<SearchHit> hits = store.keywordSearch(new KeywordQuery(NS, "vector", 10, eq("lang", MetadataValue.of("de"))), deadline());

        assertThat(hits).extracting(SearchHit::documentId).containsExactly("de");
        store.deleteDocuments("elsewhere", List.of("de"), deadline());
        assertThat(store.keywordSearch(new KeywordQuery("elsewhere", "vector", 10, Filter.ALL), deadline())).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** A chunk with the id the service gives it, {@code documentId#position}. */
    protected static Chunk chunk(String documentId, int position, String text, Map<String, MetadataValue> metadata,
                                 float... vector) {
        return new Chunk(documentId + "#" + position, documentId, position, text, vector, metadata);
    }

    private void assumeFilters() {
        assumeTrue(store.capabilities().contains(Capability.METADATA_FILTER), "the store has no metadata filters");
    }

    private Set<String> select(Filter filter) {
        return store.search(new VectorQuery(NS, new float[] {1, 0, 0, 0}, 100, filter), deadline()).stream()
                .map(SearchHit::documentId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Filter eq(String field, MetadataValue value) {
        return new Filter.Compare(field, Filter.Operator.EQ, value);
    }

    private static VectorQuery query(String namespace, int k, float... vector) {
        return new VectorQuery(namespace, vector, k, Filter.ALL);
    }

    private static List<String> texts(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::text).toList();
    }

    private static List<Chunk> randomChunks(Random random, int count) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] vector = new float[SPEC.dimension()];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = random.nextFloat() - 0.5f;
            }
            vector[0] += 0.01f; // never the zero vector
            chunks.add(chunk("doc" + i, 0, "text " + i, new LinkedHashMap<>(), vector));
        }
        return chunks;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }
}
