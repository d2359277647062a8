package dev.ragservice.ports.embedding;

import dev.ragservice.ports.Deadline;
import java.util.List;

/**
 * Turns texts into vectors. Implementations must be safe for concurrent use.
 *
 * <p>A model only sees a bounded window of its own tokens and silently ignores the rest, so it tells the
 * service that window ({@link #maxInputTokens()}) and how it counts ({@link #countTokens(String)}): the
 * chunker sizes every chunk to fit, and every part of every document is embedded.
 */
public interface EmbeddingModel {

    /** Identifies the model and its version, such as {@code all-minilm-l6-v2}; part of cache keys. */
    String modelId();

    int dimension();

    /** The most content tokens (special tokens excluded) that one input may have and still be embedded whole. */
    int maxInputTokens();

    /** How many content tokens the model's own tokenizer makes of this text. */
    int countTokens(String text);

    /**
     * Embeds each text; the result has one vector of {@link #dimension()} floats per text, in the same order.
     *
     * @param deadline when the caller stops waiting; a model that can stop its work then should
     * @throws dev.ragservice.ports.DependencyException when the model fails or the deadline passes
     */
    List<float[]> embedAll(List<String> texts, Deadline deadline);

    /**
     * Returns once the model can embed. A model that loads its weights in the background, so that the service
     * starts everything else meanwhile, waits for them here; the service calls it once before it reports ready.
     *
     * @throws dev.ragservice.ports.DependencyException when the model could not be loaded
     */
    default void awaitReady() {}

    default float[] embed(String text, Deadline deadline) {
        return embedAll(List.of(text), deadline).get(0);
    }
}
