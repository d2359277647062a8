package dev.ragservice.domain.fakes;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic embedding: a hashed bag of lower-cased words, normalised. Texts sharing words are close, so
 * vector search behaves plausibly. Tokens are whitespace-separated words. Records every batch it embeds.
 */
public final class HashingEmbeddingModel implements EmbeddingModel {

    public static final int DIMENSION = 64;

    private final int maxInputTokens;
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    public HashingEmbeddingModel(int maxInputTokens) {
        this.maxInputTokens = maxInputTokens;
    }

    public HashingEmbeddingModel() {
        this(512);
    }

    @Override
    public String modelId() {
        return "hashing-bow-64";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public int maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public int countTokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    @Override
    public List<float[]> embedAll(List<String> texts, Deadline deadline) {
        batches.add(List.copyOf(texts));
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(vector(text));
        }
        return vectors;
    }

    /** Every batch passed to {@link #embedAll}, in order. */
    public List<List<String>> batches() {
        return List.copyOf(batches);
    }

    public int textsEmbedded() {
        return batches.stream().mapToInt(List::size).sum();
    }

    private static float[] vector(String text) {
        float[] vector = new float[DIMENSION];
        vector[0] = 0.01f; // no zero vectors: cosine must stay defined
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                vector[1 + Math.floorMod(word.hashCode(), DIMENSION - 1)] += 1;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] *= scale;
        }
        return vector;
    }
}
