package dev.ragservice.adapters.local.embedding;

import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.embedding.EmbeddingModelProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code EMBEDDING_PROVIDER=local}: all-MiniLM-L6-v2 in process. Settings: {@code EMBEDDING_BATCH_SIZE} (texts
 * per ONNX call, default 16) and {@code EMBEDDING_THREADS} (ONNX Runtime intra-op threads, default: the
 * available processors). An uncompressed copy of the model is kept in {@code DATA_DIR/models} (default
 * {@code ./data}), so only the first start inflates it from its jar.
 */
public final class MiniLmEmbeddingModelProvider implements EmbeddingModelProvider {

    static final int DEFAULT_BATCH_SIZE = 16;

    @Override
    public String name() {
        return "local";
    }

    @Override
    public EmbeddingModel create(PluginConfig config) {
        int batchSize = positive(config, "EMBEDDING_BATCH_SIZE", DEFAULT_BATCH_SIZE);
        int threads = positive(config, "EMBEDDING_THREADS", Runtime.getRuntime().availableProcessors());
        Path models = config.getPath("DATA_DIR", Path.of("data")).resolve("models");
        return new MiniLmEmbeddingModel(batchSize, threads, Optional.of(models));
    }

    private static int positive(PluginConfig config, String name, int defaultValue) {
        int value = config.getInt(name, defaultValue);
        if (value < 1) {
            throw new PluginConfigException(name + " must be at least 1, got " + value);
        }
        return value;
    }
}
