package dev.ragservice.ports.vector;

import java.util.Objects;

/** The {@code k} chunks that best match the words of {@code text} (BM25 or the store's equivalent). */
public record KeywordQuery(String namespace, String text, int k, Filter filter) {

    public KeywordQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(filter, "filter");
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive");
        }
    }
}
