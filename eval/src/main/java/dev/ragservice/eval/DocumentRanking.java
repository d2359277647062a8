package dev.ragservice.eval;

import dev.ragservice.ports.vector.SearchHit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a ranking of chunks into a ranking of documents, which is what relevance judgments are about. A
 * document ranks where its best chunk ranks (its score is its best chunk's: "MaxP"); hits arrive best first,
 * so that is where the document first occurs.
 */
public final class DocumentRanking {

    private DocumentRanking() {}

    /** The documents of the hits, each once, in the order of their first (best) chunk. */
    public static List<String> of(List<SearchHit> hits) {
        Set<String> documents = new LinkedHashSet<>();
        for (SearchHit hit : hits) {
            documents.add(hit.documentId());
        }
        return new ArrayList<>(documents);
    }
}
