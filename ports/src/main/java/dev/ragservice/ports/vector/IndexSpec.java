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

    /**
     * Refuses a vector a store of this index cannot compare by cosine: of another dimension, holding a number that
     * is not finite, or zero (it has no direction).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void requireComparable(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the index holds "
                    + dimension + " (" + embeddingModelId + ")");
        }
        boolean direction = false;
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("vectors must hold finite numbers");
            }
            direction |= value != 0;
        }
        if (!direction) {
            throw new IllegalArgumentException("a zero vector has no direction to compare");
        }
    }
}
