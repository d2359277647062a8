package dev.ragservice.ports.vector;

import java.util.Objects;

/** The {@code k} chunks nearest to {@code vector} (by cosine similarity) among those the filter matches. */
public record VectorQuery(String namespace, float[] vector, int k, Filter filter) {

    public VectorQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(filter, "filter");
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive");
        }
    }
}
