package dev.ragservice.adapters.openai;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.util.Map;
import java.util.Objects;

/**
 * Which embedding model to call and how to batch it.
 *
 * @param model               {@code EMBEDDING_MODEL}, as the server names it
 * @param dimension           the length of every vector
 * @param sendDimensions      whether to send {@code dimensions} (only the text-embedding-3 models shorten vectors)
 * @param batchSize           {@code OPENAI_EMBEDDING_BATCH_SIZE}: most texts per request (OpenAI allows 2048)
 * @param batchTokens         {@code OPENAI_EMBEDDING_BATCH_TOKENS}: most estimated tokens per request (OpenAI
 *                            allows 300,000 real ones; the estimate errs high)
 */
public record OpenAiEmbeddingSettings(
        String model, int dimension, boolean sendDimensions, int batchSize, int batchTokens) {

    public static final String DEFAULT_MODEL = "text-embedding-3-small";
    public static final int DEFAULT_BATCH_SIZE = 2048;
    public static final int DEFAULT_BATCH_TOKENS = 300_000;

    /** Native vector lengths; a model missing here needs {@code EMBEDDING_DIMENSIONS}. */
    private static final Map<String, Integer> NATIVE_DIMENSIONS = Map.of(
            "text-embedding-3-small", 1536,
            "text-embedding-3-large", 3072,
            "text-embedding-ada-002", 1536);

    public OpenAiEmbeddingSettings {
        Objects.requireNonNull(model, "model");
        if (dimension < 1 || batchSize < 1 || batchTokens < 1) {
            throw new IllegalArgumentException("dimension, batchSize and batchTokens must be positive");
        }
    }

    public static OpenAiEmbeddingSettings from(PluginConfig config) {
        String model = config.get("EMBEDDING_MODEL", DEFAULT_MODEL);
        Integer nativeDimension = NATIVE_DIMENSIONS.get(model);
        boolean shortenable = model.startsWith("text-embedding-3-");
        int dimension;
        boolean send;
        if (config.get("EMBEDDING_DIMENSIONS").isPresent()) {
            dimension = positive(config, "EMBEDDING_DIMENSIONS", 0);
            if (shortenable && nativeDimension != null && dimension > nativeDimension) {
                throw new PluginConfigException("EMBEDDING_DIMENSIONS can be at most " + nativeDimension + " for "
                        + model + ", got " + dimension);
            }
            if (!shortenable && nativeDimension != null && dimension != nativeDimension) {
                throw new PluginConfigException(model + " always returns " + nativeDimension
                        + " dimensions; EMBEDDING_DIMENSIONS=" + dimension + " cannot be honoured");
            }
            // Sent only where it changes something: a server of another model may reject the parameter.
            send = shortenable && !Integer.valueOf(dimension).equals(nativeDimension);
        } else if (nativeDimension != null) {
            dimension = nativeDimension;
            send = false;
        } else {
            throw new PluginConfigException("EMBEDDING_DIMENSIONS must be set for EMBEDDING_MODEL=" + model
                    + ": its vector length is not known here (known: "
                    + String.join(
                            ", ", NATIVE_DIMENSIONS.keySet().stream().sorted().toList()) + ")");
        }
        return new OpenAiEmbeddingSettings(
                model,
                dimension,
                send,
                positive(config, "OPENAI_EMBEDDING_BATCH_SIZE", DEFAULT_BATCH_SIZE),
                positive(config, "OPENAI_EMBEDDING_BATCH_TOKENS", DEFAULT_BATCH_TOKENS));
    }

    /**
     * Part of cache keys and of the index's identity: vectors shortened to another length are different
     * vectors, so the length is part of the id whenever it differs from the model's own.
     */
    public String modelId() {
        return sendDimensions ? model + "@" + dimension : model;
    }

    private static int positive(PluginConfig config, String name, int defaultValue) {
        int value = config.getInt(name, defaultValue);
        if (value < 1) {
            throw new PluginConfigException(name + " must be at least 1, got " + value);
        }
        return value;
    }
}
