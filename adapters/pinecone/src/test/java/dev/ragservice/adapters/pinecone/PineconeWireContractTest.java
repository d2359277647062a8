package dev.ragservice.adapters.pinecone;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.wiremock.grpc.dsl.WireMockGrpc.message;
import static org.wiremock.grpc.dsl.WireMockGrpc.method;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import io.pinecone.proto.DeleteRequest;
import io.pinecone.proto.DeleteResponse;
import io.pinecone.proto.DescribeIndexStatsResponse;
import io.pinecone.proto.FetchRequest;
import io.pinecone.proto.FetchResponse;
import io.pinecone.proto.NamespaceSummary;
import io.pinecone.proto.QueryRequest;
import io.pinecone.proto.QueryResponse;
import io.pinecone.proto.ScoredVector;
import io.pinecone.proto.UpsertRequest;
import io.pinecone.proto.UpsertResponse;
import io.pinecone.proto.Vector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wiremock.grpc.GrpcExtensionFactory;
import org.wiremock.grpc.dsl.WireMockGrpc;
import org.wiremock.grpc.dsl.WireMockGrpcService;

/**
 * The exact gRPC requests the store sends and how it reads Pinecone's answers and faults, against WireMock's gRPC
 * extension serving the Pinecone client's own proto descriptors on a loopback port.
 */
class PineconeWireContractTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final String KEY = "contract-key";
    private static final IndexSpec SPEC = new IndexSpec("contract-model", 4);
    /** Generous: the first calls through WireMock's gRPC stack in a cold JVM take seconds on a small machine. */
    private static final long TIMEOUT_MS = 10_000;

    private static final long SHORT_TIMEOUT_MS = 500;

    @TempDir
    Path root;

    private WireMockServer wireMock;
    private WireMockGrpcService pinecone;
    private VectorStore store;

    @BeforeEach
    void start() {
        PineconeDescriptors.writeTo(root);
        wireMock = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .withRootDirectory(root.toString())
                .extensions(new GrpcExtensionFactory()));
        wireMock.start();
        pinecone = new WireMockGrpcService(new WireMock("127.0.0.1", wireMock.port()), "VectorService");
        pinecone.stubFor(method("DescribeIndexStats").willReturn(message(stats(4, Map.of()))));
        pinecone.stubFor(method("Fetch").willReturn(message(FetchResponse.getDefaultInstance())));
        pinecone.stubFor(
                method("Upsert").willReturn(message(UpsertResponse.newBuilder().setUpsertedCount(1))));
        pinecone.stubFor(method("Delete").willReturn(message(DeleteResponse.getDefaultInstance())));
        pinecone.stubFor(method("Query").willReturn(message(QueryResponse.getDefaultInstance())));
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        wireMock.stop();
    }

    @Test
    void opensWithTheKeyChecksTheIndexAndRecordsTheModel() {
        store = open();

        assertThat(requests("DescribeIndexStats"))
                .hasSize(1)
                .allSatisfy(request -> assertThat(request.getHeader("api-key")).isEqualTo(KEY));
        FetchRequest fetch = parse(requests("Fetch").getFirst(), FetchRequest.getDefaultInstance());
        assertThat(fetch.getNamespace()).isEqualTo("__rag_index");
        assertThat(fetch.getIdsList()).containsExactly("index-spec");
        UpsertRequest record = parse(requests("Upsert").getFirst(), UpsertRequest.getDefaultInstance());
        assertThat(record.getNamespace()).isEqualTo("__rag_index");
        assertThat(record.getVectors(0)
                        .getMetadata()
                        .getFieldsOrThrow("embedding_model")
                        .getStringValue())
                .isEqualTo("contract-model");
    }

    @Test
    void refusesAnIndexOfAnotherDimension() {
        pinecone.stubFor(method("DescribeIndexStats").willReturn(message(stats(1536, Map.of()))));

        assertThatThrownBy(this::open)
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("dimension 1536")
                .hasMessageContaining("dimension 4");
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(
                        new Filter.Compare("genre", Filter.Operator.EQ, MetadataValue.of("fiction")),
                        "{\"genre\": {\"$eq\": \"fiction\"}}"),
                Arguments.of(
                        new Filter.Compare("year", Filter.Operator.NE, MetadataValue.of(2020)),
                        "{\"$or\": [{\"year\": {\"$ne\": 2020}}, {\"year\": {\"$exists\": false}}]}"),
                Arguments.of(
                        new Filter.In(
                                "draft",
                                List.of(MetadataValue.of(true), MetadataValue.of("x"), MetadataValue.of(1)),
                                false),
                        "{\"$or\": [{\"draft\": {\"$in\": [\"x\"]}}, {\"draft\": {\"$in\": [1]}},"
                                + " {\"draft\": {\"$eq\": true}}]}"),
                Arguments.of(
                        new Filter.In("tags", List.of(MetadataValue.of("a"), MetadataValue.of("b")), true),
                        "{\"$or\": [{\"tags\": {\"$nin\": [\"a\", \"b\"]}}, {\"tags\": {\"$exists\": false}}]}"),
                Arguments.of(
                        new Filter.And(List.of(
                                new Filter.Compare("year", Filter.Operator.GTE, MetadataValue.of(2000)),
                                new Filter.Exists("tags", true),
                                Filter.ALL)),
                        "{\"$and\": [{\"year\": {\"$gte\": 2000}}, {\"tags\": {\"$exists\": true}}]}"));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void aQueryCarriesNamespaceTopKVectorAndTheTranslatedFilter(Filter filter, String expectedJson) {
        store = open();

        store.search(new VectorQuery("tenant-a", new float[] {0.5f, -1, 0, 2}, 7, filter), DEADLINE);

        LoggedRequest logged = requests("Query").getFirst();
        assertThat(logged.getHeader("api-key")).isEqualTo(KEY);
        QueryRequest query = parse(logged, QueryRequest.getDefaultInstance());
        assertThat(query.getNamespace()).isEqualTo("tenant-a");
        assertThat(query.getTopK()).isEqualTo(7);
        assertThat(query.getVectorList()).containsExactly(0.5f, -1f, 0f, 2f);
        assertThat(query.getIncludeMetadata()).isTrue();
        assertThat(query.getIncludeValues()).isFalse();
        assertThat(query.getFilter()).isEqualTo(struct(expectedJson));
    }

    @Test
    void noFilterIsNoFilterAndAnImpossibleOneIsNoQuery() {
        store = open();

        store.search(new VectorQuery("ns", new float[] {1, 0, 0, 0}, 3, Filter.ALL), DEADLINE);
        List<SearchHit> none = store.search(
                new VectorQuery("ns", new float[] {1, 0, 0, 0}, 3, new Filter.In("genre", List.of(), false)), DEADLINE);

        assertThat(requests("Query")).hasSize(1);
        assertThat(parse(requests("Query").getFirst(), QueryRequest.getDefaultInstance())
                        .hasFilter())
                .isFalse();
        assertThat(none).isEmpty();
    }

    @Test
    void matchesBecomeHitsAndForeignRecordsAreLeftOut() {
        Struct ours = struct("{\"_text\": \"the text\", \"_document_id\": \"guide\", \"_position\": 2,"
                + " \"_chunk_id\": \"guide#2\", \"year\": 2024, \"tags\": [\"a\", \"b\"], \"draft\": false}");
        pinecone.stubFor(method("Query")
                .willReturn(message(QueryResponse.newBuilder()
                        .addMatches(ScoredVector.newBuilder()
                                .setId("guide#2")
                                .setScore(0.75f)
                                .setMetadata(ours))
                        .addMatches(ScoredVector.newBuilder()
                                .setId("someone-elses")
                                .setScore(0.5f)
                                .setMetadata(struct("{\"title\": \"not ours\"}"))))));
        store = open();

        List<SearchHit> hits = store.search(new VectorQuery("ns", new float[] {1, 0, 0, 0}, 5, Filter.ALL), DEADLINE);

        assertThat(hits).hasSize(1);
        SearchHit hit = hits.getFirst();
        assertThat(hit.chunkId()).isEqualTo("guide#2");
        assertThat(hit.documentId()).isEqualTo("guide");
        assertThat(hit.position()).isEqualTo(2);
        assertThat(hit.text()).isEqualTo("the text");
        assertThat(hit.score()).isCloseTo(0.75, offset(1e-6));
        assertThat(hit.metadata())
                .isEqualTo(Map.of(
                        "year",
                        MetadataValue.of(2024),
                        "tags",
                        MetadataValue.of(List.of("a", "b")),
                        "draft",
                        MetadataValue.of(false)));
    }

    @Test
    void upsertsInBatchesOfAHundredThenDeletesStaleChunksThenRecordsTheDocuments() {
        store = open();
        wireMock.resetRequests();
        List<Chunk> chunks = new ArrayList<>();
        IntStream.range(0, 250)
                .forEach(i -> chunks.add(new Chunk(
                        "big#" + i,
                        "big",
                        i,
                        "chunk " + i,
                        new float[] {1, i, 0, 0},
                        Map.of("lang", MetadataValue.of("en")))));
        chunks.add(new Chunk("small#0", "small", 0, "alone", new float[] {0, 1, 0, 0}, Map.of()));

        store.upsert("tenant", chunks, DEADLINE);

        List<String> order = wireMock.getAllServeEvents().reversed().stream()
                .map(event -> event.getRequest().getUrl())
                .toList();
        assertThat(order)
                .containsExactly(
                        "/VectorService/Upsert",
                        "/VectorService/Upsert",
                        "/VectorService/Upsert",
                        "/VectorService/Delete",
                        "/VectorService/Upsert");
        List<UpsertRequest> upserts = requests("Upsert").stream()
                .map(request -> parse(request, UpsertRequest.getDefaultInstance()))
                .toList();
        assertThat(upserts).extracting(UpsertRequest::getVectorsCount).containsExactly(100, 100, 51, 2);
        assertThat(upserts)
                .extracting(UpsertRequest::getNamespace)
                .containsExactly("tenant", "tenant", "tenant", "__rag_documents__tenant");
        Vector first = upserts.getFirst().getVectors(0);
        assertThat(first.getId()).isEqualTo("big#0");
        assertThat(first.getValuesList()).containsExactly(1f, 0f, 0f, 0f);
        assertThat(first.getMetadata())
                .isEqualTo(struct("{\"lang\": \"en\", \"_text\": \"chunk 0\","
                        + " \"_document_id\": \"big\", \"_position\": 0, \"_chunk_id\": \"big#0\"}"));
        assertThat(upserts.get(3).getVectorsList()).extracting(Vector::getId).containsExactly("big", "small");

        DeleteRequest stale = parse(requests("Delete").getFirst(), DeleteRequest.getDefaultInstance());
        assertThat(stale.getNamespace()).isEqualTo("tenant");
        List<Value> kept = chunks.stream()
                .map(chunk -> Value.newBuilder().setStringValue(chunk.id()).build())
                .toList();
        assertThat(stale.getFilter())
                .isEqualTo(Structs.combine(
                        "$and",
                        List.of(
                                struct("{\"_document_id\": {\"$in\": [\"big\", \"small\"]}}"),
                                Structs.condition("_chunk_id", "$nin", Structs.list(kept)))));
    }

    @Test
    void deletingDocumentsDeletesByFilterAndForgetsThem() {
        store = open();

        store.deleteDocuments("ns", List.of("a", "b", "a"), DEADLINE);

        List<DeleteRequest> deletes = requests("Delete").stream()
                .map(request -> parse(request, DeleteRequest.getDefaultInstance()))
                .toList();
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0).getNamespace()).isEqualTo("ns");
        assertThat(deletes.get(0).getFilter()).isEqualTo(struct("{\"_document_id\": {\"$in\": [\"a\", \"b\"]}}"));
        assertThat(deletes.get(1).getNamespace()).isEqualTo("__rag_documents__ns");
        assertThat(deletes.get(1).getIdsList()).containsExactly("a", "b");
    }

    @Test
    void deletingInANamespacePineconeDoesNotKnowIsNotAnError() {
        store = open();
        pinecone.stubFor(method("Delete").willReturn(WireMockGrpc.Status.NOT_FOUND, "Namespace not found"));

        store.deleteDocuments("empty", List.of("a"), DEADLINE);

        assertThat(requests("Delete")).hasSize(2);
    }

    @Test
    void statsCountChunksAndDocumentRecords() {
        store = open();
        pinecone.stubFor(method("DescribeIndexStats")
                .willReturn(message(stats(4, Map.of("ns", 7, "__rag_documents__ns", 2, "other", 5)))));

        assertThat(store.stats("ns", DEADLINE)).isEqualTo(new StoreStats(2, 7));
        assertThat(store.stats("nobody", DEADLINE)).isEqualTo(new StoreStats(0, 0));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(WireMockGrpc.Status.UNAUTHENTICATED, DependencyException.Kind.UNAUTHORIZED),
                Arguments.of(WireMockGrpc.Status.PERMISSION_DENIED, DependencyException.Kind.UNAUTHORIZED),
                Arguments.of(WireMockGrpc.Status.RESOURCE_EXHAUSTED, DependencyException.Kind.RATE_LIMITED),
                Arguments.of(WireMockGrpc.Status.UNAVAILABLE, DependencyException.Kind.UNAVAILABLE),
                Arguments.of(WireMockGrpc.Status.INTERNAL, DependencyException.Kind.UNAVAILABLE),
                Arguments.of(WireMockGrpc.Status.UNKNOWN, DependencyException.Kind.UNAVAILABLE),
                Arguments.of(WireMockGrpc.Status.INVALID_ARGUMENT, DependencyException.Kind.REJECTED),
                Arguments.of(WireMockGrpc.Status.NOT_FOUND, DependencyException.Kind.REJECTED));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void faultsBecomeDependencyExceptionsOfTheirKind(WireMockGrpc.Status status, DependencyException.Kind kind) {
        store = open();
        pinecone.stubFor(method("Query").willReturn(status, "injected"));

        assertThatThrownBy(() -> store.search(new VectorQuery("ns", new float[] {1, 0, 0, 0}, 3, Filter.ALL), DEADLINE))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.dependency()).isEqualTo("pinecone");
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).doesNotContain(KEY);
                });
    }

    @Test
    void aRefusedKeyStopsTheStart() {
        pinecone.stubFor(method("DescribeIndexStats").willReturn(WireMockGrpc.Status.UNAUTHENTICATED, "bad key"));

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(
                        DependencyException.class,
                        e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAUTHORIZED));
    }

    @Test
    void anAnswerSlowerThanTheDeadlineTimesOutWithinIt() {
        try (VectorStore warm = open()) {
            warm.search(new VectorQuery("ns", new float[] {1, 0, 0, 0}, 3, Filter.ALL), DEADLINE);
        }
        store = open(SHORT_TIMEOUT_MS);
        pinecone.stubFor(method("Query")
                .willReturn(message(QueryResponse.getDefaultInstance()))
                .withFixedDelay(3000));

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.search(new VectorQuery("ns", new float[] {1, 0, 0, 0}, 3, Filter.ALL), DEADLINE))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DependencyException.Kind.TIMED_OUT);
                    assertThat(e.getMessage()).contains("PINECONE_TIMEOUT_MS=" + SHORT_TIMEOUT_MS);
                });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed)
                .isGreaterThanOrEqualTo(Duration.ofMillis(SHORT_TIMEOUT_MS - 50))
                .isLessThan(Duration.ofMillis(SHORT_TIMEOUT_MS + 1000));
    }

    private VectorStore open() {
        return open(TIMEOUT_MS);
    }

    private VectorStore open(long timeoutMs) {
        return new PineconeVectorStoreProvider()
                .create(
                        SPEC,
                        PluginConfig.of(Map.of(
                                "PINECONE_API_KEY",
                                KEY,
                                "PINECONE_HOST",
                                "127.0.0.1:" + wireMock.port(),
                                "PINECONE_TIMEOUT_MS",
                                Long.toString(timeoutMs))));
    }

    /** The requests of one method, oldest first. */
    private List<LoggedRequest> requests(String rpc) {
        return wireMock.getAllServeEvents().reversed().stream()
                .map(ServeEvent::getRequest)
                .filter(request -> request.getUrl().equals("/VectorService/" + rpc))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M parse(LoggedRequest request, M prototype) {
        try {
            Message.Builder builder = prototype.newBuilderForType();
            JsonFormat.parser().merge(request.getBodyAsString(), builder);
            return (M) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(
                    "not a " + prototype.getDescriptorForType().getName() + ": " + request.getBodyAsString(), e);
        }
    }

    private static Struct struct(String json) {
        try {
            Struct.Builder struct = Struct.newBuilder();
            JsonFormat.parser().merge(json, struct);
            return struct.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static DescribeIndexStatsResponse stats(int dimension, Map<String, Integer> vectorCounts) {
        DescribeIndexStatsResponse.Builder stats =
                DescribeIndexStatsResponse.newBuilder().setDimension(dimension).setMetric("cosine");
        vectorCounts.forEach((namespace, count) -> stats.putNamespaces(
                namespace, NamespaceSummary.newBuilder().setVectorCount(count).build()));
        return stats.build();
    }
}
