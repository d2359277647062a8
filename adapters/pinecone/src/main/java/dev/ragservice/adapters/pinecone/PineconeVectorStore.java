package dev.ragservice.adapters.pinecone;

import com.google.protobuf.Struct;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pinecone.configs.PineconeConnection;
import io.pinecone.proto.DeleteRequest;
import io.pinecone.proto.DescribeIndexStatsRequest;
import io.pinecone.proto.DescribeIndexStatsResponse;
import io.pinecone.proto.FetchRequest;
import io.pinecone.proto.NamespaceSummary;
import io.pinecone.proto.QueryRequest;
import io.pinecone.proto.UpsertRequest;
import io.pinecone.proto.Vector;
import io.pinecone.proto.VectorServiceGrpc.VectorServiceBlockingStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A vector store in a Pinecone index (cosine metric), over Pinecone's gRPC data plane. Each namespace of the
 * service is the Pinecone namespace of the same name; every call has the deadline {@code PINECONE_TIMEOUT_MS}.
 *
 * <p>Two kinds of bookkeeping records live beside the chunks, in namespaces starting with {@code __rag_} (which
 * the service therefore refuses): {@code __rag_documents__<namespace>} holds one record per document, so
 * {@link #stats} can count documents from describe-index-stats without scanning ids, and {@code __rag_index}
 * remembers the embedding model, so an index is never filled by two models of the same dimension.
 *
 * <p>Pinecone is eventually consistent: a write that returned is durable, but may take a moment to show in
 * searches and stats of a serverless index.
 */
public final class PineconeVectorStore implements VectorStore {

    static final String DEPENDENCY = "pinecone";
    /** Pinecone's advice for upserts; 100 vectors of 1536 dimensions with metadata stay under its 2 MB limit. */
    static final int UPSERT_BATCH = 100;
    /** Pinecone deletes at most 1000 ids per request. */
    static final int DELETE_BATCH = 1000;

    static final int MAX_TOP_K = 10_000;
    static final String RESERVED_NAMESPACE_PREFIX = "__rag_";
    static final String DOCUMENTS_NAMESPACE_PREFIX = RESERVED_NAMESPACE_PREFIX + "documents__";
    static final String INDEX_NAMESPACE = RESERVED_NAMESPACE_PREFIX + "index";
    static final String SPEC_ID = "index-spec";
    static final String SPEC_MODEL = "embedding_model";

    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.of(Capability.METADATA_FILTER, Capability.NAMESPACES));

    private final PineconeConnection connection;
    private final IndexSpec spec;
    private final Duration timeout;
    /** The vector of bookkeeping records: Pinecone refuses all-zero vectors in a cosine index. */
    private final float[] markerVector;

    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Opens the store on a connection to one index; the store owns the connection from here on and closes it.
     *
     * @throws IncompatibleIndexException when the index has another dimension, another metric or was filled by
     *                                    another embedding model
     * @throws DependencyException        when Pinecone cannot be asked
     */
    public PineconeVectorStore(PineconeConnection connection, IndexSpec spec, Duration timeout) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.markerVector = new float[spec.dimension()];
        this.markerVector[0] = 1;
        try {
            requireCompatibleIndex();
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Upserts the chunks in batches, then deletes the chunks of their documents that are not among them, then
     * records the documents. Upserting first means a search never finds a document missing; if a later step
     * fails, repeating the call (it is idempotent) completes it.
     */
    @Override
    public void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
        requireUserNamespace(namespace);
        // Checked before anything is written, so a bad chunk does not leave its batch half applied.
        Map<String, Chunk> byId = new LinkedHashMap<>();
        for (Chunk chunk : chunks) {
            spec.requireComparable(chunk.vector());
            VectorRecords.requireUserMetadata(chunk.metadata());
            byId.put(chunk.id(), chunk);
        }
        if (byId.isEmpty()) {
            return;
        }
        Map<String, List<String>> chunkIdsByDocument = new LinkedHashMap<>();
        byId.values()
                .forEach(chunk -> chunkIdsByDocument
                        .computeIfAbsent(chunk.documentId(), id -> new ArrayList<>())
                        .add(chunk.id()));
        chunkIdsByDocument.forEach((document, ids) -> {
            if (ids.size() > FilterTranslator.MAX_VALUES) {
                throw new IllegalArgumentException("document '" + document + "' has " + ids.size()
                        + " chunks; the Pinecone store replaces at most " + FilterTranslator.MAX_VALUES + " at once");
            }
        });

        upsertAll(namespace, byId.values().stream().map(VectorRecords::of).toList(), deadline);
        for (Map<String, List<String>> group : groups(chunkIdsByDocument)) {
            delete(namespace, staleChunks(group), deadline);
        }
        upsertAll(
                documentsNamespace(namespace),
                chunkIdsByDocument.keySet().stream()
                        .map(document -> VectorRecords.marker(document, markerVector))
                        .toList(),
                deadline);
    }

    @Override
    public List<SearchHit> search(VectorQuery query, Deadline deadline) {
        requireUserNamespace(query.namespace());
        spec.requireComparable(query.vector());
        Selection selection = FilterTranslator.translate(query.filter());
        if (selection instanceof Selection.None) {
            return List.of();
        }
        QueryRequest.Builder request = QueryRequest.newBuilder()
                .setNamespace(query.namespace())
                .setTopK(Math.min(query.k(), MAX_TOP_K))
                .addAllVector(VectorRecords.floats(query.vector()))
                .setIncludeMetadata(true)
                .setIncludeValues(false);
        if (selection instanceof Selection.Where where) {
            request.setFilter(where.filter());
        }
        return call(deadline, stub -> stub.query(request.build())).getMatchesList().stream()
                .map(VectorRecords::hit)
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
        requireUserNamespace(namespace);
        List<String> documents = List.copyOf(new LinkedHashSet<>(documentIds));
        for (List<String> slice : slices(documents, FilterTranslator.MAX_VALUES)) {
            delete(namespace, Structs.condition(VectorRecords.DOCUMENT_ID, "$in", Structs.texts(slice)), deadline);
        }
        for (List<String> slice : slices(documents, DELETE_BATCH)) {
            delete(
                    DeleteRequest.newBuilder()
                            .setNamespace(documentsNamespace(namespace))
                            .addAllIds(slice)
                            .build(),
                    deadline);
        }
    }

    /**
     * Chunks are Pinecone's vector count of the namespace; documents are the records of the documents namespace.
     * Both come from one describe-index-stats call, which serverless indexes cannot filter.
     */
    @Override
    public StoreStats stats(String namespace, Deadline deadline) {
        requireUserNamespace(namespace);
        Map<String, NamespaceSummary> namespaces = describe(deadline).getNamespacesMap();
        return new StoreStats(count(namespaces, documentsNamespace(namespace)), count(namespaces, namespace));
    }

    /** Asks Pinecone (within the deadline), so readiness follows the index and the key being usable. */
    @Override
    public boolean isAvailable() {
        if (closed.get()) {
            return false;
        }
        try {
            describe(Deadline.after(timeout));
            return true;
        } catch (DependencyException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "PineconeVectorStore[" + connection + ", " + spec + "]";
    }

    private void requireCompatibleIndex() {
        // Three calls at start-up, each bounded by PINECONE_TIMEOUT_MS on its own.
        Deadline deadline = Deadline.after(timeout.multipliedBy(3));
        DescribeIndexStatsResponse stats = describe(deadline);
        if (stats.getDimension() != 0 && stats.getDimension() != spec.dimension()) {
            throw new IncompatibleIndexException("the Pinecone index holds vectors of dimension " + stats.getDimension()
                    + ", but the embedding model '" + spec.embeddingModelId() + "' makes vectors of dimension "
                    + spec.dimension() + ": point PINECONE_INDEX (or PINECONE_HOST) at an index of dimension "
                    + spec.dimension() + ", or choose another EMBEDDING_PROVIDER");
        }
        if (!stats.getMetric().isEmpty() && !stats.getMetric().equalsIgnoreCase("cosine")) {
            throw new IncompatibleIndexException("the Pinecone index compares vectors by " + stats.getMetric()
                    + "; the service needs an index with the cosine metric");
        }
        FetchRequest fetch = FetchRequest.newBuilder()
                .setNamespace(INDEX_NAMESPACE)
                .addIds(SPEC_ID)
                .build();
        Vector recorded =
                call(deadline, stub -> stub.fetch(fetch)).getVectorsMap().get(SPEC_ID);
        if (recorded != null) {
            String model = recorded.getMetadata()
                    .getFieldsOrDefault(SPEC_MODEL, Structs.text(""))
                    .getStringValue();
            if (!model.equals(spec.embeddingModelId())) {
                throw new IncompatibleIndexException("the Pinecone index was filled with embeddings of '" + model
                        + "', the service is configured for '" + spec.embeddingModelId() + "': vectors of two models"
                        + " cannot be compared; use a new index for the new model and re-ingest");
            }
            return;
        }
        Vector record = Vector.newBuilder()
                .setId(SPEC_ID)
                .addAllValues(VectorRecords.floats(markerVector))
                .setMetadata(Struct.newBuilder()
                        .putFields(SPEC_MODEL, Structs.text(spec.embeddingModelId()))
                        .putFields("dimension", Structs.number(spec.dimension())))
                .build();
        upsertAll(INDEX_NAMESPACE, List.of(record), deadline);
    }

    private DescribeIndexStatsResponse describe(Deadline deadline) {
        return call(deadline, stub -> stub.describeIndexStats(DescribeIndexStatsRequest.getDefaultInstance()));
    }

    private void upsertAll(String namespace, List<Vector> vectors, Deadline deadline) {
        for (List<Vector> batch : slices(vectors, UPSERT_BATCH)) {
            UpsertRequest request = UpsertRequest.newBuilder()
                    .setNamespace(namespace)
                    .addAllVectors(batch)
                    .build();
            call(deadline, stub -> stub.upsert(request));
        }
    }

    private void delete(String namespace, Struct filter, Deadline deadline) {
        delete(
                DeleteRequest.newBuilder()
                        .setNamespace(namespace)
                        .setFilter(filter)
                        .build(),
                deadline);
    }

    /** Pinecone answers NOT_FOUND for a namespace that holds nothing: then there is nothing to delete. */
    private void delete(DeleteRequest request, Deadline deadline) {
        try {
            call(deadline, stub -> stub.delete(request));
        } catch (DependencyException e) {
            if (!(e.getCause() instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.NOT_FOUND)) {
                throw e;
            }
        }
    }

    /** The chunks of these documents other than the given ones: what an upsert of them replaces. */
    private static Struct staleChunks(Map<String, List<String>> chunkIdsByDocument) {
        List<String> keep =
                chunkIdsByDocument.values().stream().flatMap(List::stream).toList();
        return Structs.combine(
                "$and",
                List.of(
                        Structs.condition(
                                VectorRecords.DOCUMENT_ID,
                                "$in",
                                Structs.texts(List.copyOf(chunkIdsByDocument.keySet()))),
                        Structs.condition(VectorRecords.CHUNK_ID, "$nin", Structs.texts(keep))));
    }

    /** Documents grouped so that no group's filter lists more chunk ids than Pinecone accepts in one $nin. */
    private static List<Map<String, List<String>>> groups(Map<String, List<String>> chunkIdsByDocument) {
        List<Map<String, List<String>>> groups = new ArrayList<>();
        Map<String, List<String>> current = new LinkedHashMap<>();
        int ids = 0;
        for (Map.Entry<String, List<String>> document : chunkIdsByDocument.entrySet()) {
            if (ids + document.getValue().size() > FilterTranslator.MAX_VALUES) {
                groups.add(current);
                current = new LinkedHashMap<>();
                ids = 0;
            }
            current.put(document.getKey(), document.getValue());
            ids += document.getValue().size();
        }
        groups.add(current);
        return groups;
    }

    private static <T> List<List<T>> slices(List<T> items, int size) {
        List<List<T>> slices = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            slices.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return slices;
    }

    private static long count(Map<String, NamespaceSummary> namespaces, String namespace) {
        NamespaceSummary summary = namespaces.get(namespace);
        return summary == null ? 0 : summary.getVectorCount();
    }

    static String documentsNamespace(String namespace) {
        return DOCUMENTS_NAMESPACE_PREFIX + namespace;
    }

    private static void requireUserNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.startsWith(RESERVED_NAMESPACE_PREFIX)) {
            throw new IllegalArgumentException("namespaces starting with '" + RESERVED_NAMESPACE_PREFIX
                    + "' are reserved by the Pinecone store: " + namespace);
        }
    }

    /**
     * One data-plane call, bounded by {@code PINECONE_TIMEOUT_MS} and by the caller's deadline, whichever comes
     * first: gRPC cancels the call then. gRPC failures become {@link DependencyException}.
     */
    private <T> T call(Deadline deadline, Function<VectorServiceBlockingStub, T> rpc) {
        if (closed.get()) {
            throw new DependencyException(
                    DEPENDENCY, DependencyException.Kind.UNAVAILABLE, "the store is closed", null);
        }
        try {
            long nanos = Math.max(0, deadline.atMost(timeout).remaining().toNanos());
            return rpc.apply(connection.getBlockingStub().withDeadlineAfter(nanos, TimeUnit.NANOSECONDS));
        } catch (StatusRuntimeException e) {
            throw PineconeErrors.of(e, timeout);
        }
    }
}
