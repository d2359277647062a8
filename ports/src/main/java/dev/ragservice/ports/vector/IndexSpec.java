package dev.ragservice.ports.vector;

import java.util.Objects;

/**
 * What the vectors of an index are: a store refuses to open an index built with another model or dimension
 * ({@link IncompatibleIndexException}) instead of silently mixing vectors that cannot be compared.
 */
public record IndexSpec(String embeddingModelId, int dimension) {

    public IndexSpec {
        Objects.requireNonNull(embeddingModelId, "embeddingModelId");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive");
        }
    }
}
