package dev.ragservice.domain.fakes;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedding model whose similarities a test chooses: texts given a vector with {@link #pin} get exactly that
 * vector, all others the {@link HashingEmbeddingModel}'s. Records every text it embeds and every call, and can be
 * made to fail as a remote model does.
 */
public final class ScriptedEmbeddingModel implements EmbeddingModel {

    private final HashingEmbeddingModel hashing = new HashingEmbeddingModel();
    private final Map<String, float[]> pinned = new ConcurrentHashMap<>();
    private final List<String> embedded = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;

    /**
     * A unit vector of {@link HashingEmbeddingModel#DIMENSION} floats in the plane of axes {@code axis} and
     * {@code axis + 1}, whose cosine similarity to {@code unit(axis)} is {@code cosine}; vectors on different
     * planes are orthogonal.
     */
    public static float[] near(int axis, double cosine) {
        float[] vector = new float[HashingEmbeddingModel.DIMENSION];
        vector[axis] = (float) cosine;
        vector[axis + 1] = (float) Math.sqrt(1 - cosine * cosine);
        return vector;
    }

    public static float[] unit(int axis) {
        return near(axis, 1);
    }

    /** From now on, embeds exactly this text (as the retriever passes it: stripped) as this vector. */
    public ScriptedEmbeddingModel pin(String text, float[] vector) {
        pinned.put(text, vector.clone());
        return this;
    }

    public void fail(boolean fail) {
        failing = fail;
    }

    @Override
    public String modelId() {
        return "scripted-64";
    }

    @Override
    public int dimension() {
        return HashingEmbeddingModel.DIMENSION;
    }

    @Override
    public int maxInputTokens() {
        return hashing.maxInputTokens();
    }

    @Override
    public int countTokens(String text) {
        return hashing.countTokens(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts, Deadline deadline) {
        calls.incrementAndGet();
        if (failing) {
            throw new DependencyException("fake-embedding", DependencyException.Kind.UNAVAILABLE, "model down", null);
        }
        embedded.addAll(texts);
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            float[] vector = pinned.get(text);
            vectors.add(vector != null ? vector.clone() : hashing.embed(text, deadline));
        }
        return vectors;
    }

    /** Every call of {@link #embedAll}, failed ones included. */
    public int calls() {
        return calls.get();
    }

    /** Every text embedded so far, in order. */
    public List<String> embedded() {
        return List.copyOf(embedded);
    }

    /** How many times this text was embedded. */
    public long embeddings(String text) {
        return embedded.stream().filter(text::equals).count();
    }
}
