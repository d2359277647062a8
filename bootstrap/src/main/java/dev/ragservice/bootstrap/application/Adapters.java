package dev.ragservice.bootstrap.application;

import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.plugins.PluginClassLoader;
import dev.ragservice.bootstrap.plugins.PluginClassLoaders;
import dev.ragservice.bootstrap.plugins.ProviderConfigs;
import dev.ragservice.bootstrap.plugins.ProviderRegistry;
import dev.ragservice.bootstrap.plugins.StartupException;
import dev.ragservice.domain.answer.ExtractiveAnswerer;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatModelProvider;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.embedding.EmbeddingModelProvider;
import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.RateLimitStoreProvider;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import dev.ragservice.ports.vector.VectorStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The adapters the configuration selects, one per port, found by name with {@link java.util.ServiceLoader} (in the
 * service and in {@code PLUGINS_DIR}) and created with the settings. They are undecorated: this is what the
 * service owns and closes.
 *
 * @param chat empty when answers are extractive ({@code LLM_PROVIDER=extractive})
 */
public record Adapters(
        EmbeddingModel embedding,
        VectorStore vectorStore,
        Cache cache,
        Optional<ChatModel> chat,
        RateLimitStore rateLimits,
        Map<String, String> names)
        implements AutoCloseable {

    /** {@code LLM_PROVIDER=extractive}: answer with sentences of the sources, no language model. */
    public static final String EXTRACTIVE = ExtractiveAnswerer.MODEL_ID;

    /** Fails with a message naming the setting to fix; whatever was created before the failure is closed. */
    public static Adapters create(Settings settings) {
        List<ClassLoader> loaders = PluginClassLoaders.create(settings.pluginsDir());
        PluginConfig config = settings.pluginConfig();
        List<Object> created = new ArrayList<>();
        try {
            EmbeddingModelProvider embeddingProvider = ProviderRegistry.load(
                            EmbeddingModelProvider.class, "EMBEDDING_PROVIDER", loaders)
                    .select(settings.embeddingProvider());
            EmbeddingModel embedding = remember(
                    created,
                    PluginClassLoader.inContextOf(
                            embeddingProvider, () -> embeddingProvider.create(given(embeddingProvider, config))));
            Optional<ChatModel> chat = chatModel(settings, loaders, config).map(model -> remember(created, model));
            CacheProvider cacheProvider = ProviderRegistry.load(CacheProvider.class, "CACHE_BACKEND", loaders)
                    .select(settings.cacheBackend());
            Cache cache = remember(
                    created,
                    PluginClassLoader.inContextOf(
                            cacheProvider, () -> cacheProvider.create(given(cacheProvider, config))));
            RateLimitStore rateLimits = remember(created, rateLimitStore(settings, loaders, config));
            VectorStoreProvider storeProvider = ProviderRegistry.load(
                            VectorStoreProvider.class, "VECTOR_STORE", loaders)
                    .select(settings.vectorStore());
            IndexSpec index = new IndexSpec(embedding.modelId(), embedding.dimension());
            VectorStore store = remember(
                    created,
                    PluginClassLoader.inContextOf(
                            storeProvider, () -> storeProvider.create(index, given(storeProvider, config))));
            return new Adapters(
                    embedding, store, cache, chat, rateLimits, names(settings, embedding, chat, storeProvider));
        } catch (RuntimeException e) {
            created.reversed().forEach(Adapters::closeIfCloseable);
            throw e;
        }
    }

    /** Closes every adapter that holds something (native memory, members, connections), the store first. */
    @Override
    public void close() {
        closeIfCloseable(vectorStore);
        closeIfCloseable(cache);
        closeIfCloseable(embedding);
        chat.ifPresent(Adapters::closeIfCloseable);
        closeIfCloseable(rateLimits);
    }

    /** Which adapter serves each port, for {@code /status} and the start-up log line. */
    private static Map<String, String> names(
            Settings settings, EmbeddingModel embedding, Optional<ChatModel> chat, VectorStoreProvider store) {
        return Map.of(
                "embedding",
                settings.embeddingProvider() + " (" + embedding.modelId() + ", " + embedding.dimension()
                        + " dimensions)",
                "vector_store",
                settings.vectorStore()
                        + (ProviderConfigs.isPlugin(store) ? " (" + ProviderConfigs.origin(store) + ")" : ""),
                "llm",
                chat.map(model -> settings.llmProvider() + " (" + model.modelId() + ")")
                        .orElse(EXTRACTIVE),
                "cache",
                settings.cacheBackend(),
                "rate_limit",
                settings.rateLimits().enabled() ? settings.rateLimits().backend() : "off");
    }

    /** With limits off, only the in-process store, which connects nowhere; the limiter then decides nothing. */
    private static RateLimitStore rateLimitStore(Settings settings, List<ClassLoader> loaders, PluginConfig config) {
        ProviderRegistry<RateLimitStoreProvider> registry =
                ProviderRegistry.load(RateLimitStoreProvider.class, "RATE_LIMIT_BACKEND", loaders);
        RateLimitStoreProvider provider = registry.select(
                settings.rateLimits().enabled() ? settings.rateLimits().backend() : Settings.IN_PROCESS);
        return PluginClassLoader.inContextOf(provider, () -> provider.create(given(provider, config)));
    }

    private static Optional<ChatModel> chatModel(Settings settings, List<ClassLoader> loaders, PluginConfig config) {
        ProviderRegistry<ChatModelProvider> registry =
                ProviderRegistry.load(ChatModelProvider.class, "LLM_PROVIDER", loaders);
        if (EXTRACTIVE.equals(settings.llmProvider())) {
            return Optional.empty();
        }
        if (!registry.names().contains(settings.llmProvider())) {
            throw new StartupException("LLM_PROVIDER=" + settings.llmProvider() + " names no known provider;"
                    + " available: " + EXTRACTIVE
                    + (registry.names().isEmpty() ? "" : ", " + String.join(", ", registry.names())));
        }
        ChatModelProvider provider = registry.select(settings.llmProvider());
        return Optional.of(PluginClassLoader.inContextOf(provider, () -> provider.create(given(provider, config))));
    }

    /**
     * The settings a provider is given: a plugin's only what it declares. A plugin's are logged at start-up, every
     * secret's value hidden, so an operator sees what it was configured with.
     */
    private static PluginConfig given(NamedProvider provider, PluginConfig all) {
        PluginConfig given = ProviderConfigs.given(provider, all);
        if (ProviderConfigs.isPlugin(provider)) {
            System.getLogger(Adapters.class.getName())
                    .log(
                            System.Logger.Level.INFO,
                            "provider " + provider.name() + " from " + ProviderConfigs.origin(provider) + " with "
                                    + ProviderConfigs.describe(provider, given));
        }
        return given;
    }

    private static <T> T remember(List<Object> created, T adapter) {
        created.add(adapter);
        return adapter;
    }

    private static void closeIfCloseable(Object adapter) {
        if (adapter instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(Adapters.class.getName())
                        .log(System.Logger.Level.WARNING, "closing " + adapter + " failed", e);
            }
        }
    }
}
