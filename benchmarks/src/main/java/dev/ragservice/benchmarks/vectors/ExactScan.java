package dev.ragservice.benchmarks.vectors;

import java.util.PriorityQueue;
import org.apache.lucene.util.VectorUtil;

/**
 * The baseline of both recall and speed: cosine similarity of the query with every vector (all unit length, so a
 * dot product, computed with the same Lucene kernel the HNSW search uses), keeping the best k.
 */
final class ExactScan {

    private final float[][] vectors;

    /** @param vectors unit vectors; their index is their id */
    ExactScan(float[][] vectors) {
        this.vectors = vectors;
    }

    /** The indexes of the {@code k} most similar vectors, best first. */
    int[] nearest(float[] query, int k) {
        PriorityQueue<Scored> best = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a.score(), b.score()));
        for (int i = 0; i < vectors.length; i++) {
            float score = VectorUtil.dotProduct(query, vectors[i]);
            if (best.size() < k) {
                best.add(new Scored(i, score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new Scored(i, score));
            }
        }
        int[] ids = new int[best.size()];
        for (int i = ids.length - 1; i >= 0; i--) {
            ids[i] = best.poll().index();
        }
        return ids;
    }

    private record Scored(int index, float score) {}
}
