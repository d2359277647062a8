package dev.ragservice.conformance.vector;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What every tier of the vector-store kit writes and asks: chunks, queries, the namespace, a deadline. */
final class Fixtures {

    /** The namespace of a tier's tests, unless a test is about namespaces. */
    static final String NS = "ns";
    /** Scores must be cosine similarities up to this much. */
    static final double SCORE_TOLERANCE = 1e-4;

    private Fixtures() {}

    /** A deadline no call of the kit comes near: the kit checks what stores do, not how fast. */
    static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(1));
    }

    /** A chunk with the id the service gives it, {@code documentId#position}. */
    static Chunk chunk(
            String documentId, int position, String text, Map<String, MetadataValue> metadata, float... vector) {
        return new Chunk(documentId + "#" + position, documentId, position, text, vector, metadata);
    }

    static VectorQuery query(String namespace, int k, float... vector) {
        return new VectorQuery(namespace, vector, k, Filter.ALL);
    }

    static Filter eq(String field, MetadataValue value) {
        return new Filter.Compare(field, Filter.Operator.EQ, value);
    }

    static List<String> texts(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::text).toList();
    }

    /** The documents of the namespace {@link #NS} that a filter selects, sorted. */
    static Set<String> select(VectorStore store, Filter filter) {
        return store.search(new VectorQuery(NS, new float[] {1, 0, 0, 0}, 100, filter), deadline()).stream()
                .map(SearchHit::documentId)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
