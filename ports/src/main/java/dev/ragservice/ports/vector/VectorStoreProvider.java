package dev.ragservice.ports.vector;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/** Creates a {@link VectorStore}; selected by {@code VECTOR_STORE}. */
public interface VectorStoreProvider extends NamedProvider {

    /**
     * Opens (or creates) the store for vectors of the given model.
     *
     * @throws IncompatibleIndexException when the existing index was built for another model or dimension
     */
    VectorStore create(IndexSpec index, PluginConfig config);
}
