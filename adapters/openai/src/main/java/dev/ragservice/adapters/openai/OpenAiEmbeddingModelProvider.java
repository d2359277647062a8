package dev.ragservice.adapters.openai;

import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.embedding.EmbeddingModelProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import java.time.Clock;

/**
 * {@code EMBEDDING_PROVIDER=openai}: embeddings over the OpenAI API (or a compatible server). Settings: those of
 * {@link OpenAiSettings} and {@link OpenAiEmbeddingSettings}.
 */
public final class OpenAiEmbeddingModelProvider implements EmbeddingModelProvider {

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public EmbeddingModel create(PluginConfig config) {
        OpenAiSettings connection = OpenAiSettings.from(config);
        OpenAiEmbeddingSettings settings = OpenAiEmbeddingSettings.from(config);
        OpenAiExceptionTranslator errors = new OpenAiExceptionTranslator(connection.apiKey(), Clock.systemUTC());
        return new OpenAiEmbeddingModel(new OpenAiApi(connection, errors), settings, errors);
    }
}
