package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.util.List;

/** Times every call that reaches the embedding model ({@code rag_embedding_operation_seconds}), retries included. */
public final class MeteredEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel model;
    private final OperationTimer timer;

    public MeteredEmbeddingModel(EmbeddingModel model, RagMetrics metrics) {
        this.model = model;
        this.timer = metrics.embeddingOperations();
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

    /** Not timed: the tokenizer runs in process, even for a remote model, and is no call to a dependency. */
    @Override
    public int countTokens(String text) {
        return model.countTokens(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts, Deadline deadline) {
        return timer.time("embed", () -> model.embedAll(texts, deadline));
    }

    @Override
    public float[] embed(String text, Deadline deadline) {
        return timer.time("embed", () -> model.embed(text, deadline));
    }

    /** Not timed: waiting for the model to load is start-up, not a call. */
    @Override
    public void awaitReady() {
        model.awaitReady();
    }
}
