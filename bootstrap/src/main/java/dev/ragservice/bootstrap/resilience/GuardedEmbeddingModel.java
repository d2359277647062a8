package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.util.List;

/** An embedding model whose calls go through a {@link Guard}; embedding is safe to repeat. */
public final class GuardedEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel model;
    private final Guard guard;

    public GuardedEmbeddingModel(EmbeddingModel model, Guard guard) {
        this.model = model;
        this.guard = guard;
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public int maxInputTokens() {
        return model.maxInputTokens();
    }

    /** Local: the tokenizer runs in process even for a remote model. */
    @Override
    public int countTokens(String text) {
        return model.countTokens(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts, Deadline deadline) {
        return guard.call(deadline, () -> model.embedAll(texts, deadline), true);
    }

    @Override
    public float[] embed(String text, Deadline deadline) {
        return guard.call(deadline, () -> model.embed(text, deadline), true);
    }

    /** Not guarded: start-up waits for the model as long as it takes to load. */
    @Override
    public void awaitReady() {
        model.awaitReady();
    }
}
