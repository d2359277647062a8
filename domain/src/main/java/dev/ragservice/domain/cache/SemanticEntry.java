package dev.ragservice.domain.cache;

import java.util.Arrays;
import java.util.Objects;

/**
 * One answered question of a semantic index: the response-cache key of its answer and the question's embedding.
 * The key stands in for the question's text: it finds exactly the answer, keeps user text out of the cache (as
 * {@link CacheKeys} does for keys), and bounds the entry's size however long the question was.
 */
record SemanticEntry(String responseKey, float[] vector) {

    SemanticEntry {
        Objects.requireNonNull(responseKey, "responseKey");
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** Cosine similarity, or NaN when it is undefined (a zero vector, or vectors of different dimensions). */
    double similarity(float[] other) {
        if (other.length != vector.length) {
            return Double.NaN;
        }
        double dot = 0;
        double norms = 0;
        double otherNorms = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += (double) vector[i] * other[i];
            norms += (double) vector[i] * vector[i];
            otherNorms += (double) other[i] * other[i];
        }
        return dot / Math.sqrt(norms * otherNorms);
    }

    // A record compares arrays by identity; an entry is its content.
    @Override
    public boolean equals(Object other) {
        return other instanceof SemanticEntry entry
                && responseKey.equals(entry.responseKey)
                && Arrays.equals(vector, entry.vector);
    }

    @Override
    public int hashCode() {
        return 31 * responseKey.hashCode() + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "SemanticEntry[" + responseKey + ", " + vector.length + " dimensions]";
    }
}
