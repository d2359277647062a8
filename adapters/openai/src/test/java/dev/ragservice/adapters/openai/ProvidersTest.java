package dev.ragservice.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatModelProvider;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.embedding.EmbeddingModelProvider;
import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The providers are found by name the way the service finds them, and check their settings before any call. */
class ProvidersTest {

    @Test
    void bothProvidersAreRegisteredAsOpenai() {
        assertThat(names(EmbeddingModelProvider.class)).containsExactly("openai");
        assertThat(names(ChatModelProvider.class)).containsExactly("openai");
    }

    @Test
    void defaultsAreOpenAisModelsAndEndpoint() {
        PluginConfig config = PluginConfig.of(Map.of("OPENAI_API_KEY", OpenAiWire.API_KEY));

        OpenAiSettings connection = OpenAiSettings.from(config);
        assertThat(connection.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(connection.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(connection.organization()).isEmpty();
        // Creating models sends nothing: the SDK connects on the first call only.
        EmbeddingModel embedding = new OpenAiEmbeddingModelProvider().create(config);
        ChatModel chat = new OpenAiChatModelProvider().create(config);
        try (OpenAiEmbeddingModel e = (OpenAiEmbeddingModel) embedding;
                OpenAiChatModel c = (OpenAiChatModel) chat) {
            assertThat(e.modelId()).isEqualTo("text-embedding-3-small");
            assertThat(e.dimension()).isEqualTo(1536);
            assertThat(e.maxInputTokens()).isEqualTo(8191);
            assertThat(c.modelId()).isEqualTo("gpt-4o-mini");
        }
    }

    @Test
    void knownModelsKnowTheirLength() {
        assertThat(embedding("EMBEDDING_MODEL", "text-embedding-3-large").dimension())
                .isEqualTo(3072);
        assertThat(embedding("EMBEDDING_MODEL", "text-embedding-ada-002").dimension())
                .isEqualTo(1536);
        OpenAiEmbeddingSettings full =
                embedding("EMBEDDING_MODEL", "text-embedding-3-small", "EMBEDDING_DIMENSIONS", "1536");
        assertThat(full.sendDimensions()).isFalse();
        assertThat(full.modelId()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void aMissingKeyNamesItsVariable() {
        assertThatThrownBy(() -> new OpenAiChatModelProvider().create(PluginConfig.empty()))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("OPENAI_API_KEY");
        assertThatThrownBy(() -> new OpenAiEmbeddingModelProvider().create(PluginConfig.empty()))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void badSettingsNameTheirVariable() {
        assertRejected("OPENAI_BASE_URL", "OPENAI_BASE_URL", "http://localhost:11434");
        assertRejected("OPENAI_BASE_URL", "OPENAI_BASE_URL", "localhost:11434/v1");
        assertRejected("OPENAI_TIMEOUT_MS", "OPENAI_TIMEOUT_MS", "0");
        assertRejected("OPENAI_TIMEOUT_MS", "OPENAI_TIMEOUT_MS", "soon");
        assertRejected("OPENAI_MAX_TOKENS_FIELD", "OPENAI_MAX_TOKENS_FIELD", "max_new_tokens");
        assertRejected("EMBEDDING_DIMENSIONS", "EMBEDDING_MODEL", "nomic-embed-text");
        assertRejected(
                "EMBEDDING_DIMENSIONS", "EMBEDDING_MODEL", "text-embedding-ada-002", "EMBEDDING_DIMENSIONS", "512");
        assertRejected("EMBEDDING_DIMENSIONS", "EMBEDDING_DIMENSIONS", "4096");
        assertRejected("OPENAI_EMBEDDING_BATCH_SIZE", "OPENAI_EMBEDDING_BATCH_SIZE", "0");
        assertRejected("OPENAI_EMBEDDING_BATCH_TOKENS", "OPENAI_EMBEDDING_BATCH_TOKENS", "-1");
    }

    @Test
    void theKeyIsNeverPrinted() {
        OpenAiSettings settings = OpenAiSettings.from(
                PluginConfig.of(Map.of("OPENAI_API_KEY", OpenAiWire.API_KEY, "OPENAI_ORGANIZATION", "org-rag")));

        assertThat(settings.toString()).doesNotContain(OpenAiWire.API_KEY).contains("api.openai.com");
    }

    private static void assertRejected(String variable, String... settings) {
        Map<String, String> values = new HashMap<>(Map.of("OPENAI_API_KEY", OpenAiWire.API_KEY));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        PluginConfig config = PluginConfig.of(values);
        assertThatThrownBy(() -> {
                    new OpenAiEmbeddingModelProvider().create(config);
                    new OpenAiChatModelProvider().create(config);
                })
                .as("%s", values.keySet())
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining(variable);
    }

    private static OpenAiEmbeddingSettings embedding(String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return OpenAiEmbeddingSettings.from(PluginConfig.of(values));
    }

    private static <T extends NamedProvider> List<String> names(Class<T> kind) {
        return ServiceLoader.load(kind).stream()
                .map(provider -> provider.get().name())
                .toList();
    }
}
