package dev.ragservice.domain.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.domain.fakes.FailingCache;
import dev.ragservice.domain.fakes.HashingEmbeddingModel;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.InMemoryVectorStore;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.StoreStats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IngestDocumentsTest {

    private final HashingEmbeddingModel model = new HashingEmbeddingModel();
    private final InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
    private final InMemoryCache cache = new InMemoryCache();
    private final CorpusVersions versions = new CorpusVersions(cache);
    private final IngestDocuments ingest =
            new IngestDocuments(model, store, new Chunker(model::countTokens, new ChunkingPolicy(10, 0)), versions);

    /** n sentences of 5 words: with a budget of 10 words, two sentences per chunk. */
    private static String sentences(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "Sentence " + i + " has five words.")
                .collect(Collectors.joining(" "));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void chunkIdsAreTheDocumentIdAndPosition() {
        List<IngestedDocument> result = ingest.ingest(
                new IngestCommand("ns", List.of(new Document("guide", sentences(6))), TestRequests.context()));

        assertThat(result).containsExactly(new IngestedDocument("guide", 3));
        assertThat(store.chunks("ns").keySet()).containsExactly("guide#0", "guide#1", "guide#2");
        assertThat(store.chunks("ns").values()).extracting(Chunk::position).containsExactly(0, 1, 2);
        assertThat(store.chunks("ns").get("guide#1").text())
                .isEqualTo("Sentence 2 has five words. Sentence 3 has five words.");
    }

    @Test
    void aDocumentWithoutIdIsNamedAfterItsTextSoRepeatsAreStoredOnce() throws Exception {
        String text = "Vector search finds chunks by meaning.";

        List<IngestedDocument> first =
                ingest.ingest(new IngestCommand("ns", List.of(new Document(null, text)), TestRequests.context()));
        List<IngestedDocument> second =
                ingest.ingest(new IngestCommand("ns", List.of(new Document(" ", text)), TestRequests.context()));

        String expected = "doc-" + sha256(text).substring(0, 16);
        assertThat(first).containsExactly(new IngestedDocument(expected, 1));
        assertThat(second).isEqualTo(first);
        assertThat(store.stats("ns", TestRequests.context().deadline())).isEqualTo(new StoreStats(1, 1));
        assertThat(store.chunks("ns")).containsOnlyKeys(expected + "#0");
    }

    @Test
    void reIngestingAShorterDocumentLeavesNoneOfItsOldChunks() {
        ingest.ingest(new IngestCommand(
                "ns",
                List.of(new Document("a", sentences(6)), new Document("b", sentences(2))),
                TestRequests.context()));
        assertThat(store.chunks("ns")).hasSize(4);

        ingest.ingest(new IngestCommand("ns", List.of(new Document("a", "Now it is short.")), TestRequests.context()));

        assertThat(store.chunks("ns").keySet()).containsExactly("a#0", "b#0");
        assertThat(store.chunks("ns").get("a#0").text()).isEqualTo("Now it is short.");
    }

    @Test
    void copiesTheDocumentsMetadataToEveryChunk() {
        Map<String, MetadataValue> metadata =
                Map.of("genre", MetadataValue.of("drama"), "year", MetadataValue.of(2021));

        ingest.ingest(
                new IngestCommand("ns", List.of(new Document("a", sentences(4), metadata)), TestRequests.context()));

        assertThat(store.chunks("ns").values())
                .hasSize(2)
                .allSatisfy(chunk -> assertThat(chunk.metadata()).isEqualTo(metadata));
    }

    @Test
    void embedsWithTheModelAndStoresItsVectors() {
        ingest.ingest(new IngestCommand("ns", List.of(new Document("a", sentences(4))), TestRequests.context()));

        Chunk chunk = store.chunks("ns").get("a#1");
        assertThat(chunk.vector())
                .isEqualTo(model.embed(chunk.text(), TestRequests.context().deadline()));
    }

    @Test
    void blankTextIsRefusedNamingTheDocumentAndNothingIsStored() {
        List<Document> documents = List.of(new Document("a", "Fine."), new Document("b", "  \n"));

        assertThatThrownBy(() -> ingest.ingest(new IngestCommand("ns", documents, TestRequests.context())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("empty_text");
                    assertThat(e.getMessage()).contains("documents[1]");
                });
        assertThat(store.upserts()).isEmpty();
        assertThat(versions.current("ns")).isZero();
    }

    @Test
    void duplicateIdsInOneRequestAreRefused() {
        assertThatThrownBy(() -> ingest.ingest(new IngestCommand(
                        "ns", List.of(new Document("a", "One."), new Document("a", "Two.")), TestRequests.context())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("duplicate_id");
                    assertThat(e.getMessage()).contains("documents[0]", "documents[1]", "'a'");
                });
        assertThatThrownBy(() -> ingest.ingest(new IngestCommand(
                        "ns", List.of(new Document(null, "Same."), new Document("", "Same.")), TestRequests.context())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.getMessage()).contains("same text"));
        assertThat(store.upserts()).isEmpty();
    }

    @Test
    void refusesEmptyRequestsBlankNamespacesAndOverlongIds() {
        assertThatThrownBy(() -> ingest.ingest(new IngestCommand("ns", List.of(), TestRequests.context())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("no_documents"));
        assertThatThrownBy(() -> ingest.ingest(
                        new IngestCommand(" ", List.of(new Document("a", "Text.")), TestRequests.context())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_namespace"));
        assertThatThrownBy(() -> ingest.ingest(new IngestCommand(
                        "ns", List.of(new Document("x".repeat(513), "Text.")), TestRequests.context())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_id"));
    }

    @Test
    void eachRequestBumpsTheNamespacesCorpusVersionOnce() {
        ingest.ingest(new IngestCommand(
                "ns", List.of(new Document("a", "One."), new Document("b", "Two.")), TestRequests.context()));
        ingest.ingest(new IngestCommand("ns", List.of(new Document("c", "Three.")), TestRequests.context()));

        assertThat(versions.current("ns")).isEqualTo(2);
        assertThat(versions.current("other")).isZero();
    }

    @Test
    void largeRequestsAreEmbeddedInBoundedBatchesWithoutSplittingADocumentBetweenStoreCalls() {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            documents.add(new Document("small-" + i, "Small document number " + i + "."));
        }
        documents.add(new Document("big", sentences(700))); // 350 chunks on its own
        for (int i = 0; i < 10; i++) {
            documents.add(new Document("tail-" + i, "Tail " + i + "."));
        }

        List<IngestedDocument> result = ingest.ingest(new IngestCommand("ns", documents, TestRequests.context()));

        assertThat(result).hasSize(311);
        assertThat(model.batches())
                .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(IngestDocuments.BATCH));
        assertThat(model.textsEmbedded()).isEqualTo(300 + 350 + 10);
        Set<String> seen = new HashSet<>();
        for (List<Chunk> upsert : store.upserts()) {
            Set<String> inThisCall = upsert.stream().map(Chunk::documentId).collect(Collectors.toSet());
            assertThat(Collections.disjoint(inThisCall, seen))
                    .as("a document is written by one store call")
                    .isTrue();
            seen.addAll(inThisCall);
        }
        assertThat(store.upserts()).hasSizeGreaterThan(1);
        assertThat(store.chunks("ns")).hasSize(660);
        assertThat(store.chunks("ns").keySet()).contains("big#0", "big#349");
        assertThat(versions.current("ns")).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheDocumentsAndInvalidatesTheNamespace() {
        ingest.ingest(new IngestCommand(
                "ns", List.of(new Document("a", "One."), new Document("b", "Two.")), TestRequests.context()));

        ingest.delete(new DeleteCommand("ns", List.of("a", "unknown"), TestRequests.context()));

        assertThat(store.chunks("ns")).containsOnlyKeys("b#0");
        assertThat(versions.current("ns")).isEqualTo(2);
    }

    @Test
    void aFailingCacheDoesNotFailTheIngest() {
        IngestDocuments withBrokenCache = new IngestDocuments(
                model,
                store,
                new Chunker(model::countTokens, new ChunkingPolicy(10, 0)),
                new CorpusVersions(new FailingCache()));

        assertThat(withBrokenCache.ingest(
                        new IngestCommand("ns", List.of(new Document("a", "Stored anyway.")), TestRequests.context())))
                .containsExactly(new IngestedDocument("a", 1));
        assertThat(store.chunks("ns")).containsOnlyKeys("a#0");
    }

    @Test
    void aDeletionIsNotAcknowledgedUntilTheCachesAreTold() {
        ingest.ingest(new IngestCommand("ns", List.of(new Document("a", "Deleted later.")), TestRequests.context()));
        IngestDocuments withBrokenCache = new IngestDocuments(
                model,
                store,
                new Chunker(model::countTokens, new ChunkingPolicy(10, 0)),
                new CorpusVersions(new FailingCache()));

        assertThatThrownBy(() -> withBrokenCache.delete(new DeleteCommand("ns", List.of("a"), TestRequests.context())))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("repeat the request");
        assertThat(store.chunks("ns"))
                .as("deleted all the same; repeating it is harmless")
                .isEmpty();
    }

    @Test
    void aRequestBeyondItsLimitsIsRefusedBeforeAnythingIsStored() {
        RequestLimits small = new RequestLimits(2, 20, 100, 100, 2, 8, 10, 100);
        IngestDocuments limited = new IngestDocuments(
                model,
                store,
                new Chunker(model::countTokens, new ChunkingPolicy(10, 0)),
                new CorpusVersions(new InMemoryCache()),
                small);
        assertThatThrownBy(() -> limited.ingest(new IngestCommand(
                        "ns",
                        List.of(new Document("a", "One."), new Document("b", "Two."), new Document("c", "Three.")),
                        TestRequests.context())))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("MAX_TEXTS_PER_REQUEST");
        assertThatThrownBy(() -> limited.ingest(new IngestCommand(
                        "ns",
                        List.of(new Document("a", "Short."), new Document("b", "This text is longer than twenty.")),
                        TestRequests.context())))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("documents[1]")
                .hasMessageContaining("MAX_TEXT_CHARS");
        assertThat(store.chunks("ns")).isEmpty();
    }

    @Test
    void refusesAChunkBudgetTheModelWouldTruncate() {
        HashingEmbeddingModel small = new HashingEmbeddingModel(64);

        assertThatThrownBy(() -> new IngestDocuments(
                        small, store, new Chunker(small::countTokens, new ChunkingPolicy(128, 0)), versions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128")
                .hasMessageContaining("64");
    }
}
