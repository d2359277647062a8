package dev.ragservice.ports.embedding;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/** Creates an {@link EmbeddingModel}; selected by {@code EMBEDDING_PROVIDER}. */
public interface EmbeddingModelProvider extends NamedProvider {

    EmbeddingModel create(PluginConfig config);
}
