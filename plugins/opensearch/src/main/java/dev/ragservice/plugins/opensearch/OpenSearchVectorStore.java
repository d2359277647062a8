package dev.ragservice.plugins.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleUnaryOperator;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SearchType;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.transport.OpenSearchTransport;

/**
 * A vector store in an OpenSearch index, shared by every replica of the service: k-NN over {@code knn_vector} with
 * Lucene's HNSW (cosine), BM25 over the text, metadata filters as the k-NN query's pre-filter, and namespaces as a
 * keyword field of one index (an index per namespace would cost shards, heap and cluster state per tenant, and a
 * term filter is what k-NN pre-filters best).
 *
 * <p>Every write is refreshed before it returns, so what {@link #upsert} acknowledged is visible to every replica's
 * next search; it is durable on every shard copy that acknowledged it (OpenSearch syncs its translog per request).
 * Every request carries the caller's deadline, capped by {@code OPENSEARCH_TIMEOUT_MS}, as the client's response
 * timeout; OpenSearch cancels a search whose connection the client closed.
 */
public final class OpenSearchVectorStore implements VectorStore {

    /** OpenSearch answers at most this many hits (index.max_result_window) and k-NN candidates. */
    static final int MAX_K = 10_000;
    /** Candidates HNSW explores at least, whatever k: as the embedded Lucene store does, for the same recall. */
    static final int MIN_CANDIDATES = 100;
    /** Documents per bulk request; 500 chunks of 1536 floats are about 10 MB of JSON. */
    static final int BULK_BATCH = 500;
    /** Ids per terms clause, well below OpenSearch's 65,536. */
    static final int TERMS_BATCH = 10_000;

    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.of(Capability.KEYWORD_SEARCH, Capability.METADATA_FILTER, Capability.NAMESPACES));

    private final OpenSearchTransport transport;
    private final OpenSearchClient client;
    private final OpenSearchSettings settings;
    private final IndexSpec spec;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes over the transport, and closes it when closed itself. The index must exist ({@link IndexDefinition}). */
    OpenSearchVectorStore(OpenSearchTransport transport, OpenSearchSettings settings, IndexSpec spec) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.client = new OpenSearchClient(transport);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Indexes the chunks (replacing those of the same ids), then deletes the other chunks of their documents.
     * Indexing first means a search never finds a document missing, though for a moment it may find a replaced
     * chunk beside its successor; if the second step fails, repeating the call (it is idempotent) completes it.
     */
    @Override
    public void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
        Objects.requireNonNull(namespace, "namespace");
        // Checked before anything is written, so a bad chunk does not leave its batch half applied.
        chunks.forEach(chunk -> spec.requireComparable(chunk.vector()));
        Map<String, List<Chunk>> documents = Chunk.byDocument(chunks);
        if (documents.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>();
        documents.values().forEach(document -> {
            boolean head = true;
            for (Chunk chunk : document) {
                ObjectNode source = ChunkSource.of(namespace, chunk, head);
                String id = ChunkSource.id(namespace, chunk.id());
                operations.add(BulkOperation.of(op -> op.index(i -> i.id(id).document(source))));
                head = false;
            }
        });
        for (List<BulkOperation> batch : slices(operations, BULK_BATCH)) {
            BulkResponse response = call(
                    deadline,
                    client -> client.bulk(
                            b -> b.index(settings.index()).operations(batch).refresh(Refresh.True)));
            requireAllIndexed(response);
        }
        for (Map<String, List<Chunk>> group : groups(documents)) {
            List<FieldValue> ids = group.keySet().stream().map(FieldValue::of).toList();
            List<String> kept = group.values().stream()
                    .flatMap(List::stream)
                    .map(chunk -> ChunkSource.id(namespace, chunk.id()))
                    .toList();
            Query stale = Query.of(q -> q.bool(b -> b.filter(inNamespace(namespace))
                    .filter(f -> f.terms(t -> t.field(ChunkSource.DOCUMENT_ID).terms(v -> v.value(ids))))
                    .mustNot(m -> m.ids(i -> i.values(kept)))));
            deleteByQuery(stale, deadline);
        }
    }

    @Override
    public List<SearchHit> search(VectorQuery query, Deadline deadline) {
        spec.requireComparable(query.vector());
        int k = Math.min(query.k(), MAX_K);
        List<Float> vector = new ArrayList<>(query.vector().length);
        for (float value : query.vector()) {
            vector.add(value);
        }
        Query nearest = Query.of(q -> q.knn(n -> n.field(ChunkSource.VECTOR)
                .vector(vector)
                .k(Math.min(Math.max(k, MIN_CANDIDATES), MAX_K))
                // The pre-filter: Lucene searches the graph among matching chunks only, so k counts matches.
                .filter(restrict(query.namespace(), query.filter()))));
        SearchResponse<ObjectNode> response = call(
                deadline,
                client -> client.search(
                        s -> s.index(settings.index()).query(nearest).size(k), ObjectNode.class));
        // Lucene's cosine score is (1 + cos) / 2.
        return hits(response, score -> 2 * score - 1);
    }

    @Override
    public List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
        Query matching = Query.of(q ->
                q.bool(b -> b.must(m -> m.match(t -> t.field(ChunkSource.TEXT).query(FieldValue.of(query.text()))))
                        .filter(restrict(query.namespace(), query.filter()))));
        // DFS: BM25 from the term statistics of every shard, so a chunk scores the same whichever shard holds it.
        SearchResponse<ObjectNode> response = call(
                deadline,
                client -> client.search(
                        s -> s.index(settings.index())
                                .searchType(SearchType.DfsQueryThenFetch)
                                .query(matching)
                                .size(Math.min(query.k(), MAX_K)),
                        ObjectNode.class));
        return hits(response, score -> score);
    }

    @Override
    public void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
        Objects.requireNonNull(namespace, "namespace");
        List<String> documents = List.copyOf(new LinkedHashSet<>(documentIds));
        for (List<String> slice : slices(documents, TERMS_BATCH)) {
            List<FieldValue> ids = slice.stream().map(FieldValue::of).toList();
            deleteByQuery(
                    Query.of(q -> q.bool(b -> b.filter(inNamespace(namespace))
                            .filter(f -> f.terms(
                                    t -> t.field(ChunkSource.DOCUMENT_ID).terms(v -> v.value(ids)))))),
                    deadline);
        }
    }

    /** Chunks and documents (their head chunks) of the namespace, from one request. */
    @Override
    public StoreStats stats(String namespace, Deadline deadline) {
        SearchResponse<ObjectNode> response = call(
                deadline,
                client -> client.search(
                        s -> s.index(settings.index())
                                .size(0)
                                .trackTotalHits(t -> t.enabled(true))
                                .query(inNamespace(namespace))
                                .aggregations(
                                        "documents",
                                        a -> a.filter(f -> f.term(
                                                t -> t.field(ChunkSource.HEAD).value(FieldValue.of(true))))),
                        ObjectNode.class));
        long chunks =
                response.hits().total() == null ? 0 : response.hits().total().value();
        Aggregate heads = response.aggregations().get("documents");
        if (heads == null) {
            throw new DependencyException(
                    OpenSearchErrors.DEPENDENCY,
                    DependencyException.Kind.UNAVAILABLE,
                    "the cluster left out the documents count",
                    null);
        }
        long documents = heads.filter().docCount();
        return new StoreStats(documents, chunks);
    }

    /** The index's primaries are all assigned (yellow or green): every chunk can be read and written. */
    @Override
    public boolean isAvailable() {
        if (closed.get()) {
            return false;
        }
        try {
            HealthStatus status = call(
                            Deadline.after(settings.timeout()),
                            client -> client.cluster().health(h -> h.index(settings.index())))
                    .status();
            return status != HealthStatus.Red;
        } catch (DependencyException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                transport.close();
            } catch (IOException e) {
                throw OpenSearchErrors.of(e, Duration.ZERO);
            }
        }
    }

    @Override
    public String toString() {
        return "OpenSearchVectorStore[" + settings + ", " + spec + "]";
    }

    private void deleteByQuery(Query query, Deadline deadline) {
        // conflicts=proceed: a chunk re-indexed meanwhile by another upsert is that upsert's to keep.
        call(
                deadline,
                client -> client.deleteByQuery(d -> d.index(settings.index())
                        .query(query)
                        .refresh(Refresh.True)
                        .conflicts(Conflicts.Proceed)));
    }

    private static Query inNamespace(String namespace) {
        return Query.of(q -> q.term(t -> t.field(ChunkSource.NAMESPACE).value(FieldValue.of(namespace))));
    }

    private static Query restrict(String namespace, Filter filter) {
        return Query.of(q -> q.bool(b -> b.filter(inNamespace(namespace)).filter(FilterQueries.of(filter))));
    }

    private static List<SearchHit> hits(SearchResponse<ObjectNode> response, DoubleUnaryOperator score) {
        List<SearchHit> hits = new ArrayList<>();
        for (Hit<ObjectNode> hit : response.hits().hits()) {
            hits.add(ChunkSource.hit(hit.source(), score.applyAsDouble(hit.score() == null ? 0 : hit.score())));
        }
        return hits;
    }

    private static void requireAllIndexed(BulkResponse response) {
        if (!response.errors()) {
            return;
        }
        BulkResponseItem failed = response.items().stream()
                .filter(item -> item.error() != null)
                .findFirst()
                .orElseThrow();
        throw new DependencyException(
                OpenSearchErrors.DEPENDENCY,
                OpenSearchErrors.kind(failed.status()),
                "indexing chunks failed (" + failed.status() + " "
                        + failed.error().type() + "): " + failed.error().reason(),
                null);
    }

    /** Documents grouped so that no group keeps more chunk ids than one terms clause should hold. */
    private static List<Map<String, List<Chunk>>> groups(Map<String, List<Chunk>> documents) {
        List<Map<String, List<Chunk>>> groups = new ArrayList<>();
        Map<String, List<Chunk>> current = new LinkedHashMap<>();
        int ids = 0;
        for (Map.Entry<String, List<Chunk>> document : documents.entrySet()) {
            if (!current.isEmpty() && ids + document.getValue().size() > TERMS_BATCH) {
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

    /**
     * One request, with what is left of the deadline (at most {@code OPENSEARCH_TIMEOUT_MS}) as the client's
     * response timeout; the cluster's failures become {@link DependencyException}.
     */
    private <T> T call(Deadline deadline, Request<T> request) {
        if (closed.get()) {
            throw OpenSearchErrors.unavailable("the store is closed");
        }
        Duration left = deadline.atMost(settings.timeout()).remaining();
        if (left.isNegative() || left.isZero()) {
            throw new DependencyException(
                    OpenSearchErrors.DEPENDENCY,
                    DependencyException.Kind.TIMED_OUT,
                    "the deadline passed before the request was sent",
                    null);
        }
        try {
            return request.send(client.withTransportOptions(OpenSearchTransports.options(left)));
        } catch (OpenSearchException e) {
            throw OpenSearchErrors.of(e);
        } catch (IOException e) {
            throw OpenSearchErrors.of(e, left);
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T send(OpenSearchClient client) throws IOException;
    }
}
