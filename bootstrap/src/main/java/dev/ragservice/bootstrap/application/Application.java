package dev.ragservice.bootstrap.application;

import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.Dependencies;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.resilience.Resilience;
import dev.ragservice.domain.answer.AnswerQuestion;
import dev.ragservice.domain.answer.AnswerWriter;
import dev.ragservice.domain.answer.ExtractiveAnswerer;
import dev.ragservice.domain.answer.ExtractiveAnswers;
import dev.ragservice.domain.answer.FollowUps;
import dev.ragservice.domain.answer.GenerationSettings;
import dev.ragservice.domain.answer.HybridFusion;
import dev.ragservice.domain.answer.ModelAnswers;
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
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.vector.VectorStore;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: the one place that creates the adapters ({@link Adapters}), wraps each in the same
 * layers ({@link PortDecorations}) and wires the domain's use cases to them. Nothing here knows a technology or
 * HTTP; the server serves these use cases, and {@code /status} and health see the {@link Dependencies} only.
 */
public final class Application implements AutoCloseable {

    /** The extractive answerer quotes this many sentences. */
    private static final int ANSWER_SENTENCES = 3;
    /** Reciprocal-rank fusion's constant, as in the original RRF paper and most hybrid search engines. */
    private static final int RRF_K = 60;

    private final Adapters adapters;
    private final Resilience resilience;
    private final IngestDocuments ingest;
    private final Retriever retriever;
    private final AnswerQuestion answers;
    private final RateLimiter rateLimiter;
    private final Dependencies dependencies;
    private final EmbeddingModel embedding;

    private Application(
            Adapters adapters,
            Resilience resilience,
            IngestDocuments ingest,
            Retriever retriever,
            AnswerQuestion answers,
            RateLimiter rateLimiter,
            Dependencies dependencies,
            EmbeddingModel embedding) {
        this.embedding = embedding;
        this.adapters = adapters;
        this.resilience = resilience;
        this.ingest = ingest;
        this.retriever = retriever;
        this.answers = answers;
        this.rateLimiter = rateLimiter;
        this.dependencies = dependencies;
    }

    /** Creates and wires everything; fails with a message naming the setting to fix. */
    public static Application create(Settings settings, RagMetrics metrics) {
        return create(settings, () -> metrics);
    }

    /**
     * Creates and wires everything, asking for the metrics only once the adapters exist: they may still be being
     * made meanwhile (the model loads in the background from the start, the index opens), which shortens the
     * service's start.
     */
    public static Application create(Settings settings, Supplier<RagMetrics> metricsOnceAdaptersExist) {
        // Read first: a mistake in these settings stops the start before the model loads.
        settings.rateLimits();
        Resilience resilience = new Resilience(settings.resilience(), Clock.systemUTC());
        Adapters adapters;
        try {
            adapters = Adapters.create(settings);
        } catch (RuntimeException e) {
            resilience.close();
            throw e;
        }
        RagMetrics metrics;
        try {
            metrics = metricsOnceAdaptersExist.get();
        } catch (RuntimeException e) {
            adapters.close();
            resilience.close();
            throw e;
        }
        PortDecorations ports = new PortDecorations(metrics, resilience);
        EmbeddingModel embedding = ports.embedding(adapters.embedding());
        // Ingest embeds through a guard of its own: a few large ingests must not take every query's slot.
        EmbeddingModel ingestEmbedding = ports.ingestEmbedding(adapters.embedding());
        VectorStore store = ports.vectorStore(adapters.vectorStore());
        Cache cache = ports.cache(adapters.cache());
        RateLimiter rateLimiter = new RateLimiter(
                ports.rateLimits(adapters.rateLimits(), settings.rateLimits()),
                settings.rateLimits().policy(),
                InstantSource.system(),
                metrics);

        Settings.CacheTtls ttls = settings.cache();
        CacheSettings cacheSettings =
                new CacheSettings(ttls.enabled(), ttls.response(), ttls.embedding(), ttls.search());
        QueryCaches caches = settings.cacheInProcess()
                ? new QueryCaches(cache, cacheSettings, metrics)
                : QueryCaches.shared(cache, cacheSettings, metrics);
        Retriever retriever = new Retriever(embedding, store, caches, new HybridFusion(RRF_K));
        IngestDocuments ingest = new IngestDocuments(
                ingestEmbedding,
                store,
                chunker(settings, embedding),
                new CorpusVersions(cache, metrics),
                settings.limits());
        ExtractiveAnswerer extractive = new ExtractiveAnswerer(ANSWER_SENTENCES);
        Optional<TokenLimitedChat> chat = adapters.chat().map(adapter -> ports.chat(adapter, rateLimiter));
        AnswerWriter writer = chat.<AnswerWriter>map(model -> new ModelAnswers(
                        model,
                        new PromptBuilder(),
                        new GenerationSettings(settings.llmMaxTokens(), settings.llmTemperature()),
                        extractive))
                .orElseGet(() -> new ExtractiveAnswers(extractive));
        AnswerQuestion answers = new AnswerQuestion(
                retriever,
                writer,
                caches,
                ttls.semanticThreshold() > 0
                        ? new SemanticCacheSettings(ttls.semanticThreshold())
                        : SemanticCacheSettings.off(),
                settings.limits(),
                new FollowUps(chat, caches));

        resilience.guards().forEach(guard -> metrics.circuitBreaker(guard.name(), guard::stateValue));
        Dependencies dependencies = new Dependencies(
                adapters.names(),
                embedding,
                store,
                cache,
                adapters.rateLimits(),
                resilience,
                adapters.chat().isPresent(),
                settings.resilience().vectorStoreTimeout());
        return new Application(adapters, resilience, ingest, retriever, answers, rateLimiter, dependencies, embedding);
    }

    /**
     * Chunks of the model's window (or {@code CHUNK_SIZE}, never more) and of at most {@code MAX_CHUNK_CHARS}
     * characters, overlapping by whole sentences.
     */
    private static Chunker chunker(Settings settings, EmbeddingModel embedding) {
        int window = embedding.maxInputTokens();
        int size = settings.chunkSize() == 0 ? window : Math.min(settings.chunkSize(), window);
        return new Chunker(
                embedding::countTokens,
                new ChunkingPolicy(
                        size,
                        Math.min(settings.chunkOverlap(), size / 2 - 1),
                        settings.limits().charsPerChunk()));
    }

    public IngestDocuments ingest() {
        return ingest;
    }

    public AnswerQuestion answers() {
        return answers;
    }

    /** Retrieval alone: the default search mode for requests, and ranking for offline evaluation. */
    public Retriever retriever() {
        return retriever;
    }

    /** The embedding model queries use (the index's), with its metrics and guard: for {@code /v1/embeddings}. */
    public EmbeddingModel embedding() {
        return embedding;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public Dependencies dependencies() {
        return dependencies;
    }

    /** Which adapter serves each port. */
    public Map<String, String> adapterNames() {
        return adapters.names();
    }

    /**
     * Returns once every adapter can serve: the embedding model may load its weights in the background while the
     * rest of the service starts.
     *
     * @throws dev.ragservice.ports.DependencyException when the model could not be loaded
     */
    public void awaitReady() {
        adapters.embedding().awaitReady();
    }

    /** Lets calls whose callers stopped waiting finish first (briefly), then closes the adapters. */
    @Override
    public void close() {
        resilience.close();
        adapters.close();
    }
}
