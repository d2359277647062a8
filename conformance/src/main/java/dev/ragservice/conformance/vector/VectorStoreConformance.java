package dev.ragservice.conformance.vector;

import static dev.ragservice.conformance.vector.Fixtures.NS;
import static dev.ragservice.conformance.vector.Fixtures.SCORE_TOLERANCE;
import static dev.ragservice.conformance.vector.Fixtures.chunk;
import static dev.ragservice.conformance.vector.Fixtures.deadline;
import static dev.ragservice.conformance.vector.Fixtures.query;
import static dev.ragservice.conformance.vector.Fixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance kit of the {@link VectorStore} port, core tier: what every store, built in or third party, must
 * do, so the service behaves the same on any of them. A store's test class implements this interface, or the tiers
 * of its capabilities, which include it ({@link MetadataFilterConformance}, {@link KeywordSearchConformance},
 * {@link NamespaceConformance}), and returns a fresh, empty store from {@link #newStore(IndexSpec)}; every test then
 * gets its own store as a parameter and the kit closes it afterwards.
 *
 * <p>The core tier checks that upsert is idempotent and replaces a document's chunks, delete by document removes
 * exactly those, stats count documents and chunks, k and cosine scores are honoured, hits carry their chunk and
 * metadata of every kind, and a store without keyword search refuses it. It also checks that the test runs exactly
 * the tiers of the capabilities the store declares: a capability cannot be claimed without being tested.
 */
@ExtendWith(StoreUnderTest.class)
public interface VectorStoreConformance {

    /** The index every test opens; small vectors keep the expected nearest neighbours easy to reason about. */
    IndexSpec SPEC = new IndexSpec("conformance-model", 4);

    /** A new, empty store for vectors of {@code spec}, independent of those of earlier tests. */
    VectorStore newStore(IndexSpec spec);

    @Test
    default void theTestRunsTheTierOfEveryCapabilityTheStoreDeclaresAndNoOther(VectorStore store) {
        Set<Capability> tiersRun = EnumSet.allOf(Capability.class).stream()
                .filter(capability -> tierOf(capability).isInstance(this))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));

        assertThat(tiersRun)
                .as("the capabilities whose tiers %s runs", getClass().getSimpleName())
                .isEqualTo(store.capabilities());
    }

    // ---------------------------------------------------------------- writes

    @Test
    default void upsertingTheSameChunksAgainChangesNothing(VectorStore store) {
        List<Chunk> chunks = List.of(
                chunk("doc", 0, "one", Map.of("k", MetadataValue.of("v")), 1, 0, 0, 0),
                chunk("doc", 1, "two", Map.of("k", MetadataValue.of("v")), 0, 1, 0, 0),
                chunk("other", 0, "three", Map.of(), 0, 0, 1, 0));
        store.upsert(NS, chunks, deadline());
        List<SearchHit> before = store.search(query(NS, 10, 1, 1, 1, 0), deadline());

        store.upsert(NS, chunks, deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 3));
        List<SearchHit> after = store.search(query(NS, 10, 1, 1, 1, 0), deadline());
        assertThat(after)
                .extracting(SearchHit::chunkId, SearchHit::text, SearchHit::metadata)
                .containsExactlyElementsOf(before.stream()
                        .map(hit -> tuple(hit.chunkId(), hit.text(), hit.metadata()))
                        .toList());
    }

    @Test
    default void upsertReplacesEveryChunkOfADocument(VectorStore store) {
        store.upsert(
                NS,
                List.of(
                        chunk("doc", 0, "a", Map.of(), 1, 0, 0, 0),
                        chunk("doc", 1, "b", Map.of(), 0, 1, 0, 0),
                        chunk("doc", 2, "c", Map.of(), 0, 0, 1, 0),
                        chunk("kept", 0, "k0", Map.of(), 0, 0, 0, 1),
                        chunk("kept", 1, "k1", Map.of(), 0, 0, 1, 1)),
                deadline());

        store.upsert(
                NS, List.of(chunk("doc", 0, "a, revised", Map.of("v", MetadataValue.of(2)), 1, 0, 0, 0)), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 3));
        assertThat(store.search(query(NS, 10, 0, 1, 1, 0), deadline()))
                .extracting(SearchHit::chunkId, SearchHit::text)
                .containsExactlyInAnyOrder(tuple("doc#0", "a, revised"), tuple("kept#0", "k0"), tuple("kept#1", "k1"));
    }

    @Test
    default void oneUpsertReplacesEachOfItsDocumentsOnItsOwn(VectorStore store) {
        store.upsert(
                NS,
                List.of(
                        chunk("a", 0, "a0", Map.of(), 1, 0, 0, 0),
                        chunk("a", 1, "a1", Map.of(), 0, 1, 0, 0),
                        chunk("b", 0, "b0", Map.of(), 0, 0, 1, 0),
                        chunk("b", 1, "b1", Map.of(), 0, 0, 0, 1)),
                deadline());

        store.upsert(
                NS,
                List.of(
                        chunk("a", 0, "a0'", Map.of(), 1, 0, 0, 0),
                        chunk("b", 0, "b0'", Map.of(), 0, 0, 1, 0),
                        chunk("b", 1, "b1'", Map.of(), 0, 0, 0, 1),
                        chunk("b", 2, "b2'", Map.of(), 1, 1, 1, 1)),
                deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 4));
        assertThat(texts(store.search(query(NS, 10, 1, 1, 1, 1), deadline())))
                .containsExactlyInAnyOrder("a0'", "b0'", "b1'", "b2'");
    }

    @Test
    default void deletingDocumentsRemovesAllTheirChunksAndNothingElse(VectorStore store) {
        store.upsert(
                NS,
                List.of(
                        chunk("gone", 0, "a", Map.of(), 1, 0, 0, 0),
                        chunk("gone", 1, "b", Map.of(), 0, 1, 0, 0),
                        chunk("also-gone", 0, "c", Map.of(), 0, 1, 1, 0),
                        chunk("kept", 0, "d", Map.of(), 0, 0, 1, 0)),
                deadline());

        store.deleteDocuments(NS, List.of("gone", "also-gone", "never-existed"), deadline());
        store.deleteDocuments(NS, List.of(), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(1, 1));
        assertThat(store.search(query(NS, 10, 1, 1, 1, 1), deadline()))
                .extracting(SearchHit::documentId)
                .containsExactly("kept");
    }

    @Test
    default void deletingADocumentTwiceIsHarmless(VectorStore store) {
        store.upsert(NS, List.of(chunk("doc", 0, "a", Map.of(), 1, 0, 0, 0)), deadline());

        store.deleteDocuments(NS, List.of("doc"), deadline());
        store.deleteDocuments(NS, List.of("doc"), deadline());

        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(0, 0));
        assertThat(store.search(query(NS, 10, 1, 0, 0, 0), deadline())).isEmpty();
    }

    @Test
    default void statsCountDocumentsAndChunks(VectorStore store) {
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(0, 0));

        store.upsert(
                NS,
                List.of(
                        chunk("three", 0, "a", Map.of(), 1, 0, 0, 0),
                        chunk("three", 1, "b", Map.of(), 0, 1, 0, 0),
                        chunk("three", 2, "c", Map.of(), 0, 0, 1, 0),
                        chunk("one", 0, "d", Map.of(), 0, 0, 0, 1)),
                deadline());
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 4));

        store.upsert(
                NS,
                List.of(chunk("one", 0, "d", Map.of(), 0, 0, 0, 1), chunk("one", 1, "e", Map.of(), 1, 1, 0, 0)),
                deadline());
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(2, 5));

        store.deleteDocuments(NS, List.of("three"), deadline());
        assertThat(store.stats(NS, deadline())).isEqualTo(new StoreStats(1, 2));
    }

    // ---------------------------------------------------------------- search

    @Test
    default void returnsAtMostKHitsWithNonIncreasingCosineScores(VectorStore store) {
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
        assertThat(store.search(new VectorQuery(NS, probe, 1000, Filter.ALL), deadline()))
                .hasSize(60);
    }

    @Test
    default void theExactNearestNeighbourComesFirst(VectorStore store) {
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
    default void hitsCarryTheirChunkAndMetadataOfEveryKind(VectorStore store) {
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
        store.upsert(
                NS,
                List.of(
                        new Chunk("guide#3", "guide", 3, "the text of chunk three", new float[] {1, 2, 3, 4}, metadata),
                        chunk("bare", 0, "no metadata", Map.of(), -1, 0, 0, 0)),
                deadline());

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

    @Test
    default void keywordSearchIsRefusedWithoutTheCapability(VectorStore store) {
        assumeFalse(store.capabilities().contains(Capability.KEYWORD_SEARCH), "the keyword-search tier checks it");
        store.upsert(NS, List.of(chunk("lucene", 0, "Lucene searches text.", Map.of(), 1, 0, 0, 0)), deadline());

        assertThatThrownBy(() -> store.keywordSearch(new KeywordQuery(NS, "Lucene", 10, Filter.ALL), deadline()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** The tier that tests a capability. */
    private static Class<?> tierOf(Capability capability) {
        return switch (capability) {
            case METADATA_FILTER -> MetadataFilterConformance.class;
            case KEYWORD_SEARCH -> KeywordSearchConformance.class;
            case NAMESPACES -> NamespaceConformance.class;
        };
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
