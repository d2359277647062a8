package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Times every call that reaches the vector store ({@code rag_vector_store_operation_seconds}), retries included. */
public final class MeteredVectorStore implements VectorStore {

    private final VectorStore store;
    private final OperationTimer timer;

    public MeteredVectorStore(VectorStore store, RagMetrics metrics) {
        this.store = store;
        this.timer = metrics.vectorStoreOperations();
    }

    @Override
    public Set<Capability> capabilities() {
        return store.capabilities();
    }

    @Override
    public void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
        timer.run("upsert", () -> store.upsert(namespace, chunks, deadline));
    }

    @Override
    public List<SearchHit> search(VectorQuery query, Deadline deadline) {
        return timer.time("search", () -> store.search(query, deadline));
    }

    @Override
    public List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
        return timer.time("keyword_search", () -> store.keywordSearch(query, deadline));
    }

    @Override
    public void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
        timer.run("delete", () -> store.deleteDocuments(namespace, documentIds, deadline));
    }

    @Override
    public StoreStats stats(String namespace, Deadline deadline) {
        return timer.time("stats", () -> store.stats(namespace, deadline));
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }

    /** The adapter is closed by whoever created it; a decorator owns nothing. */
    @Override
    public void close() {}
}
