package dev.ragservice.ports.vector;

import dev.ragservice.ports.Deadline;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Keeps chunks with their embeddings and finds them again. Implementations must be safe for concurrent use,
 * and everything {@link #upsert} acknowledged must survive a restart of the service.
 *
 * <p>Every call gets the {@link Deadline} by which its caller stops waiting; a store that can bound its own work
 * (a search timeout, a remote call's deadline) should. A call whose deadline passes fails with a
 * {@link dev.ragservice.ports.DependencyException} of kind {@code TIMED_OUT}.
 *
 * <p>Every store, built in or third party, must pass the vector-store conformance kit: its core tier and the tier of
 * every {@link Capability} it declares.
 */
public interface VectorStore extends AutoCloseable {

    Set<Capability> capabilities();

    /**
     * Replaces documents: afterwards, each document that has a chunk in {@code chunks} has exactly those chunks
     * in the namespace (chunks it had before and no longer has are gone). Repeating the same call changes
     * nothing. When this returns, the chunks are durable and visible to searches.
     */
    void upsert(String namespace, List<Chunk> chunks, Deadline deadline);

    /** Nearest chunks by cosine similarity, best first; scores are similarities (higher is closer). */
    List<SearchHit> search(VectorQuery query, Deadline deadline);

    /**
     * Best keyword matches, best first. Only for stores with {@link Capability#KEYWORD_SEARCH}.
     *
     * @throws UnsupportedOperationException when the store has no keyword search
     */
    default List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no keyword search");
    }

    /** Removes every chunk of these documents from the namespace; unknown ids are ignored. */
    void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline);

    StoreStats stats(String namespace, Deadline deadline);

    /** Answers quickly whether the store can serve requests; for readiness and status. */
    boolean isAvailable();

    @Override
    void close();
}
