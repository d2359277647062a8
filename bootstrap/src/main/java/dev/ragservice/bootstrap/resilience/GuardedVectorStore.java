package dev.ragservice.bootstrap.resilience;

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

/**
 * A vector store whose calls go through a {@link Guard}. Every call may be repeated: searches read, and the
 * port's upsert replaces a document's chunks and delete removes them, so doing either twice changes nothing.
 */
public final class GuardedVectorStore implements VectorStore {

    private final VectorStore store;
    private final Guard guard;

    public GuardedVectorStore(VectorStore store, Guard guard) {
        this.store = store;
        this.guard = guard;
    }

    @Override
    public Set<Capability> capabilities() {
        return store.capabilities();
    }

    @Override
    public void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
        guard.call(
                deadline,
                () -> {
                    store.upsert(namespace, chunks, deadline);
                    return null;
                },
                true);
    }

    @Override
    public List<SearchHit> search(VectorQuery query, Deadline deadline) {
        return guard.call(deadline, () -> store.search(query, deadline), true);
    }

    @Override
    public List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
        return guard.call(deadline, () -> store.keywordSearch(query, deadline), true);
    }

    @Override
    public void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
        guard.call(
                deadline,
                () -> {
                    store.deleteDocuments(namespace, documentIds, deadline);
                    return null;
                },
                true);
    }

    @Override
    public StoreStats stats(String namespace, Deadline deadline) {
        return guard.call(deadline, () -> store.stats(namespace, deadline), true);
    }

    /** Asks the store itself: health must see it come back while the breaker is still open. */
    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }

    /** The adapter is closed by whoever created it; a decorator owns nothing. */
    @Override
    public void close() {}
}
