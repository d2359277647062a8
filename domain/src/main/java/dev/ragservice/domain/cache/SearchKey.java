package dev.ragservice.domain.cache;

import dev.ragservice.ports.vector.Filter;
import java.util.Objects;

/**
 * Everything that decides which chunks a search returns; equal keys must mean equal results.
 *
 * @param corpusVersion the namespace's version, read before searching the store (see {@link CorpusVersions})
 * @param mode          the search mode's name
 * @param question      the question as asked; the key normalises it (case, white space)
 * @param retrieval     the embedding model id and any other configured setting that changes the ranking
 */
public record SearchKey(
        String namespace, long corpusVersion, String mode, int k, Filter filter, String question, String retrieval) {

    public SearchKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(retrieval, "retrieval");
        if (corpusVersion < 0) {
            throw new IllegalArgumentException("an unknown corpus version cannot be part of a key");
        }
    }
}
