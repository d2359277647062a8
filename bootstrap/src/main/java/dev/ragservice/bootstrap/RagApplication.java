package dev.ragservice.bootstrap;

import dev.ragservice.bootstrap.config.RateLimitSettings;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.MeteredCache;
import dev.ragservice.bootstrap.observe.MeteredChatModel;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.plugins.PluginClassLoaders;
import dev.ragservice.bootstrap.plugins.ProviderRegistry;
import dev.ragservice.bootstrap.plugins.StartupException;
import dev.ragservice.bootstrap.resilience.GuardedCache;
import dev.ragservice.bootstrap.resilience.GuardedChatModel;
import dev.ragservice.bootstrap.resilience.GuardedEmbeddingModel;
import dev.ragservice.bootstrap.resilience.GuardedVectorStore;
import dev.ragservice.bootstrap.resilience.Resilience;
import dev.ragservice.domain.answer.AnswerQuestion;
import dev.ragservice.domain.answer.AnswerWriter;
import dev.ragservice.domain.answer.ExtractiveAnswerer;
import dev.ragservice.domain.answer.ExtractiveAnswers;
import dev.ragservice.domain.answer.ModelAnswers;
import dev.ragservice.domain.answer.GenerationSettings;
import dev.ragservice.domain.answer.HybridFusion;
import dev.ragservice.domain.answer.PromptBuilder;
import dev.ragservice.domain.answer.Retriever;
import dev.ragservice.domain.cache.CacheSettings;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.cache.SemanticCacheSettings;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.ChunkingPolicy;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.domain.ratelimit.RateLimiter;
import dev.ragservice.domain.ratelimit.TokenLimitedChat;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatModelProvider;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.embedding.EmbeddingModelProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.RateLimitStoreProvider;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import dev.ragservice.ports.vector.VectorStoreProvider;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The composition root: picks one provider per port by name, creates the adapters and wires the domain's use
 * cases to them. Nothing here knows a technology; adapters arrive through {@link java.util.ServiceLoader}.
 */
public final class RagApplication implements AutoCloseable {

    /** {@code LLM_PROVIDER=extractive}: answer with sentences of the sources, no language model. */
    public static final String EXTRACTIVE = ExtractiveAnswerer.MODEL_ID;

    private final Settings settings;
    private final EmbeddingModel embeddingModel;
    private final VectorStore vectorStore;
    private final Cache cache;
    private final ChatModel chatModel;
    private final Retriever retriever;
    private final IngestDocuments ingest;
    private final AnswerQuestion answer;
    private final Map<String, String> adapters;
    private final Resilience resilience;
    private final RateLimitStore rateLimitStore;
    private final RateLimiter rateLimiter;

    private RagApplication(Settings settings, EmbeddingModel embeddingModel, VectorStore vectorStore, Cache cache,
                           ChatModel chatModel, RateLimitStore rateLimitStore, RagMetrics metrics,
                           Resilience resilience) {
        this.settings = settings;
        this.resilience = resilience;
        this.embeddingModel = embeddingModel;
        this.vectorStore = vectorStore;
        this.cache = cache;
        this.chatModel = chatModel;
        this.rateLimitStore = rateLimitStore;
        this.rateLimiter = new RateLimiter(rateLimitStore, settings.rateLimits().policy(), InstantSource.system(),
                metrics);
        Settings.CacheTtls ttls = settings.cache();
        QueryCaches caches = new QueryCaches(cache,
                new CacheSettings(ttls.enabled(), ttls.response(), ttls.embedding(), ttls.search()), metrics);
        CorpusVersions versions = new CorpusVersions(cache, metrics);
        int chunkSize = settings.chunkSize() == 0
                ? embeddingModel.maxInputTokens()
                : Math.min(settings.chunkSize(), embeddingModel.maxInputTokens());
        Chunker chunker = new Chunker(embeddingModel::countTokens,
                new ChunkingPolicy(chunkSize, Math.min(settings.chunkOverlap(), chunkSize / 2 - 1)));
        this.retriever = new Retriever(embeddingModel, vectorStore, caches, new HybridFusion(60));
        this.ingest = new IngestDocuments(embeddingModel, vectorStore, chunker, versions);
        // The token limit wraps everything else around the model: a refusal is the client's limit, not a failure.
        AnswerWriter writer = chatModel == null ? new ExtractiveAnswers(new ExtractiveAnswerer(3))
                : new ModelAnswers(new TokenLimitedChat(chatModel, rateLimiter), new PromptBuilder(),
                        new GenerationSettings(settings.llmMaxTokens(), settings.llmTemperature()),
                        new ExtractiveAnswerer(3));
        this.answer = new AnswerQuestion(retriever, writer, caches,
                ttls.semanticThreshold() > 0 ? new SemanticCacheSettings(ttls.semanticThreshold())
                        : SemanticCacheSettings.off());
        this.adapters = Map.of(
                "embedding", settings.embeddingProvider() + " (" + embeddingModel.modelId() + ", "
                        + embeddingModel.dimension() + " dimensions)",
                "vector_store", settings.vectorStore(),
                "llm", chatModel == null ? EXTRACTIVE : settings.llmProvider() + " (" + chatModel.modelId() + ")",
                "cache", settings.cacheBackend(),
                "rate_limit", settings.rateLimits().enabled() ? settings.rateLimits().backend() : "off");
    }

    /**
     * Selects and creates every adapter, each behind its dependency's guard (see {@link Resilience}); fails with a
     * message naming the setting to fix.
     */
    public static RagApplication create(Settings settings, RagMetrics metrics) {
        List<ClassLoader> loaders = PluginClassLoaders.create(settings.pluginsDir());
        PluginConfig config = settings.pluginConfig();
        // Read first: a mistake in these settings stops the start before the model loads.
        RateLimitSettings rateLimitSettings = settings.rateLimits();
        Resilience resilience = new Resilience(settings.resilience(), Clock.systemUTC());
        List<Object> created = new ArrayList<>();
        created.add(resilience);
        try {
            EmbeddingModel embedding = new GuardedEmbeddingModel(ProviderRegistry
                    .load(EmbeddingModelProvider.class, "EMBEDDING_PROVIDER", loaders)
                    .select(settings.embeddingProvider()).create(config), resilience.embedding());
            created.add(embedding);
            ChatModel chat = chatModel(settings, loaders, config);
            if (chat != null) {
                chat = new GuardedChatModel(new MeteredChatModel(chat, metrics), resilience.llm());
            }
            created.add(chat);
            Cache cache = new MeteredCache(new GuardedCache(
                    ProviderRegistry.load(CacheProvider.class, "CACHE_BACKEND", loaders)
                            .select(settings.cacheBackend()).create(config),
                    resilience.cache()));
            created.add(cache);
            RateLimitStore rateLimits = rateLimitStore(rateLimitSettings, loaders, config);
            created.add(rateLimits);
            VectorStore store = new GuardedVectorStore(
                    ProviderRegistry.load(VectorStoreProvider.class, "VECTOR_STORE", loaders)
                            .select(settings.vectorStore())
                            .create(new IndexSpec(embedding.modelId(), embedding.dimension()), config),
                    resilience.vectorStore());
            resilience.guards().forEach(guard -> metrics.circuitBreaker(guard.name(), guard::stateValue));
            return new RagApplication(settings, embedding, store, cache, chat, rateLimits, metrics, resilience);
        } catch (RuntimeException e) {
            created.forEach(RagApplication::closeIfCloseable);
            throw e;
        }
    }

    /** With limits off, only the in-process store, which connects nowhere; the limiter then decides nothing. */
    private static RateLimitStore rateLimitStore(RateLimitSettings rateLimits, List<ClassLoader> loaders,
                                                 PluginConfig config) {
        ProviderRegistry<RateLimitStoreProvider> registry =
                ProviderRegistry.load(RateLimitStoreProvider.class, "RATE_LIMIT_BACKEND", loaders);
        return rateLimits.enabled() ? registry.select(rateLimits.backend()).create(config)
                : registry.select("memory").create(config);
    }

    private static ChatModel chatModel(Settings settings, List<ClassLoader> loaders, PluginConfig config) {
        ProviderRegistry<ChatModelProvider> registry =
                ProviderRegistry.load(ChatModelProvider.class, "LLM_PROVIDER", loaders);
        if (EXTRACTIVE.equals(settings.llmProvider())) {
            return null;
        }
        if (!registry.names().contains(settings.llmProvider())) {
            throw new StartupException("LLM_PROVIDER=" + settings.llmProvider() + " names no known provider;"
                    + " available: " + EXTRACTIVE + (registry.names().isEmpty() ? "" : ", "
                    + String.join(", ", registry.names())));
        }
        return registry.select(settings.llmProvider()).create(config);
    }

    public Settings settings() {
        return settings;
    }

    public EmbeddingModel embeddingModel() {
        return embeddingModel;
    }

    public VectorStore vectorStore() {
        return vectorStore;
    }

    public Cache cache() {
        return cache;
    }

    public Retriever retriever() {
        return retriever;
    }

    public IngestDocuments ingest() {
        return ingest;
    }

    public AnswerQuestion answer() {
        return answer;
    }

    /** False when answers are extractive by configuration ({@code LLM_PROVIDER=extractive}). */
    public boolean hasChatModel() {
        return chatModel != null;
    }

    /** The guards around the dependencies, for {@code /status} and health. */
    public Resilience resilience() {
        return resilience;

    }

    /** The store behind the limits, for {@code /status}; the in-process one when limits are off. */
    public RateLimitStore rateLimitStore() {
        return rateLimitStore;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Which adapter serves each port, for {@code /status}. */
    public Map<String, String> adapters() {
        return adapters;
    }

    @Override
    public void close() {
        resilience.close();
        closeQuietly(vectorStore);
        closeIfCloseable(cache);
        closeIfCloseable(embeddingModel);
        closeIfCloseable(chatModel);
        closeQuietly(rateLimitStore);
    }

    /** Ports need not be closeable, but adapters holding native memory, members or connections are. */
    private static void closeIfCloseable(Object adapter) {
        if (adapter instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.getLogger(RagApplication.class.getName())
                    .log(System.Logger.Level.WARNING, "closing " + closeable + " failed", e);
        }
    }
}
