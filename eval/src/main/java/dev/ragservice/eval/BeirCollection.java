package dev.ragservice.eval;

import java.util.List;
import java.util.Objects;

/** A test collection in BEIR's terms: documents, queries and the test judgments. */
public record BeirCollection(String name, List<BeirDocument> corpus, List<BeirQuery> queries, Qrels qrels) {

    public BeirCollection {
        Objects.requireNonNull(name, "name");
        corpus = List.copyOf(corpus);
        queries = List.copyOf(queries);
        Objects.requireNonNull(qrels, "qrels");
    }
}
