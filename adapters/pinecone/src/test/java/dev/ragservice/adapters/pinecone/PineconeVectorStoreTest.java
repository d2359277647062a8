package dev.ragservice.adapters.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the Pinecone store promises or risks, against the fake data plane over real gRPC. */
class PineconeVectorStoreTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final String KEY = "test-key";
    private static final IndexSpec SPEC = new IndexSpec("test-model", 4);

    private FakePineconeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void declaresFiltersAndNamespacesButNoKeywordSearch() {
        try (VectorStore store = open(4, SPEC, KEY)) {
            assertThat(store.capabilities())
                    .containsExactlyInAnyOrder(Capability.METADATA_FILTER, Capability.NAMESPACES);
            assertThat(store.isAvailable()).isTrue();
        }
    }

    @Test
    void refusesAnIndexOfAnotherDimensionNamingBoth() {
        assertThatThrownBy(() -> open(8, SPEC, KEY))
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("dimension 8")
                .hasMessageContaining("dimension 4")
                .hasMessageContaining("test-model")
                .hasMessageContaining("PINECONE_INDEX");
    }

    @Test
    void remembersTheModelThatFilledTheIndex() {
        try (VectorStore store = open(4, SPEC, KEY)) {
            store.upsert("ns", List.of(chunk("doc", 0, Map.of())), DEADLINE);
        }

        assertThatThrownBy(() -> reopen(new IndexSpec("other-model", 4), KEY))
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("'test-model'")
                .hasMessageContaining("'other-model'")
                .hasMessageContaining("re-ingest");
        try (VectorStore store = reopen(SPEC, KEY)) {
            assertThat(store.stats("ns", DEADLINE)).isEqualTo(new StoreStats(1, 1));
        }
    }

    @Test
    void aRefusedKeyIsUnauthorized() {
        server = FakePineconeServer.start(4, KEY);

        assertThatThrownBy(() -> reopen(SPEC, "wrong-key")).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.dependency()).isEqualTo("pinecone");
            assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAUTHORIZED);
            assertThat(e.getMessage()).contains("PINECONE_API_KEY").doesNotContain("wrong-key");
        });
    }

    @Test
    void reservedMetadataFieldsAndNamespacesAreRefusedBeforeAnythingIsWritten() {
        try (VectorStore store = open(4, SPEC, KEY)) {
            assertThatThrownBy(() -> store.upsert(
                            "ns",
                            List.of(chunk("ok", 0, Map.of()), chunk("bad", 0, Map.of("_text", MetadataValue.of("x")))),
                            DEADLINE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("_text");
            assertThatThrownBy(() ->
                            store.upsert("ns", List.of(chunk("bad", 0, Map.of("$or", MetadataValue.of(1)))), DEADLINE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("$or");
            assertThatThrownBy(() -> store.upsert("__rag_index", List.of(chunk("doc", 0, Map.of())), DEADLINE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reserved");
            assertThatThrownBy(() -> store.stats("__rag_documents__ns", DEADLINE))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(store.stats("ns", DEADLINE)).isEqualTo(new StoreStats(0, 0));
        }
    }

    @Test
    void conditionsOnReservedFieldsMeanWhatTheyMeanOnAbsentFields() {
        try (VectorStore store = open(4, SPEC, KEY)) {
            store.upsert("ns", List.of(chunk("doc", 0, Map.of("k", MetadataValue.of("v")))), DEADLINE);

            assertThat(search(store, new Filter.Compare("_document_id", Filter.Operator.EQ, MetadataValue.of("doc"))))
                    .isEmpty();
            assertThat(search(store, new Filter.Exists("_text", false))).hasSize(1);
            assertThat(search(store, new Filter.Compare("$and", Filter.Operator.NE, MetadataValue.of(1))))
                    .hasSize(1);
        }
    }

    @Test
    void whatPineconeRefusesIsRejected() {
        try (VectorStore store = open(4, SPEC, KEY)) {
            // Pinecone keeps at most 40 KB of metadata per record.
            Chunk huge = new Chunk("doc#0", "doc", 0, "x".repeat(50_000), new float[] {1, 0, 0, 0}, Map.of());

            assertThatThrownBy(() -> store.upsert("ns", List.of(huge), DEADLINE))
                    .isInstanceOfSatisfying(
                            DependencyException.class,
                            e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.REJECTED));
        }
    }

    @Test
    void vectorsWithoutDirectionOrOfAnotherDimensionAreRefusedHere() {
        try (VectorStore store = open(4, SPEC, KEY)) {
            assertThatThrownBy(() -> store.search(new VectorQuery("ns", new float[3], 1, Filter.ALL), DEADLINE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3");
            assertThatThrownBy(() -> store.upsert(
                            "ns", List.of(new Chunk("d#0", "d", 0, "t", new float[4], Map.of())), DEADLINE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zero");
        }
    }

    @Test
    void aStoppedServerMakesTheStoreUnavailable() {
        VectorStore store = open(4, SPEC, KEY);
        try {
            server.close();

            assertThat(store.isAvailable()).isFalse();
            assertThatThrownBy(() -> store.stats("ns", DEADLINE))
                    .isInstanceOfSatisfying(
                            DependencyException.class,
                            e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE));
        } finally {
            store.close();
        }
        assertThat(store.isAvailable()).isFalse();
        assertThatThrownBy(() -> store.stats("ns", DEADLINE)).isInstanceOf(DependencyException.class);
    }

    private VectorStore open(int indexDimension, IndexSpec spec, String key) {
        server = FakePineconeServer.start(indexDimension, KEY);
        return reopen(spec, key);
    }

    private VectorStore reopen(IndexSpec spec, String key) {
        return new PineconeVectorStoreProvider()
                .create(spec, PluginConfig.of(Map.of("PINECONE_API_KEY", key, "PINECONE_HOST", server.host())));
    }

    private static List<SearchHit> search(VectorStore store, Filter filter) {
        return store.search(new VectorQuery("ns", new float[] {1, 0, 0, 0}, 10, filter), DEADLINE);
    }

    private static Chunk chunk(String documentId, int position, Map<String, MetadataValue> metadata) {
        return new Chunk(
                documentId + "#" + position,
                documentId,
                position,
                "text of " + documentId,
                new float[] {1, position, 0, 0},
                metadata);
    }
}
