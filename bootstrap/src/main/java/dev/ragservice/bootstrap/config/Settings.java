package dev.ragservice.bootstrap.config;

import dev.ragservice.domain.RequestLimits;
import dev.ragservice.ports.plugin.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the service, read from environment variables in this one place. The names follow the ones
 * users already know from the seed service ({@code CACHE_TTL}, {@code LLM_MODEL}, ...).
 *
 * <p>Plugins receive the same variables through {@link #pluginConfig()} and read their own settings.
 */
public record Settings(
        String host,
        int port,
        Path dataDir,
        Optional<Path> pluginsDir,
        String embeddingProvider,
        String vectorStore,
        String llmProvider,
        String cacheBackend,
        CacheTtls cache,
        ResilienceSettings resilience,
        long maxBodyBytes,
        int chunkSize,
        int chunkOverlap,
        int llmMaxTokens,
        double llmTemperature,
        String defaultNamespace,
        String logLevel,
        Operations operations,
        Optional<Path> apiKeysFile,
        RequestLimits limits,
        int maxConcurrentIngests,
        PluginConfig pluginConfig) {

    /**
     * The cache tiers; each TTL defaults to {@code CACHE_TTL}. A semantic threshold of 0 turns the semantic
     * response cache off.
     */
    public record CacheTtls(
            boolean enabled, Duration response, Duration embedding, Duration search, double semanticThreshold) {}

    public static final int DEFAULT_PORT = 8000;
    /** The provider name of the in-process cache and rate-limit store (adapters/local), which share nothing. */
    public static final String IN_PROCESS = "memory";

    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> environment) {
        PluginConfig env = PluginConfig.of(environment);
        int port = within("PORT", env.getInt("PORT", DEFAULT_PORT), 0, 65535);
        Duration ttl = positive("CACHE_TTL", env.getDuration("CACHE_TTL", Duration.ofHours(1)));
        CacheTtls cache = new CacheTtls(
                env.getBoolean("CACHE_ENABLED", true),
                positive("CACHE_TTL_RESPONSE", env.getDuration("CACHE_TTL_RESPONSE", ttl)),
                positive("CACHE_TTL_EMBEDDING", env.getDuration("CACHE_TTL_EMBEDDING", ttl)),
                positive("CACHE_TTL_SEARCH", env.getDuration("CACHE_TTL_SEARCH", ttl)),
                fraction("SEMANTIC_CACHE_THRESHOLD", env.getDouble("SEMANTIC_CACHE_THRESHOLD", 0)));
        return new Settings(
                env.get("HOST", "0.0.0.0"),
                port,
                env.getPath("DATA_DIR", Path.of("data")),
                env.get("PLUGINS_DIR").map(Path::of),
                env.get("EMBEDDING_PROVIDER", env.get("OPENAI_API_KEY").isPresent() ? "openai" : "local"),
                env.get("VECTOR_STORE", env.get("PINECONE_API_KEY").isPresent() ? "pinecone" : "lucene"),
                env.get("LLM_PROVIDER", env.get("OPENAI_API_KEY").isPresent() ? "openai" : "extractive"),
                env.get("CACHE_BACKEND", env.get("REDIS_URL").isPresent() ? "redis" : IN_PROCESS),
                cache,
                ResilienceSettings.from(env),
                env.getLong("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
                within("CHUNK_SIZE", env.getInt("CHUNK_SIZE", 0), 0, 100_000),
                within("CHUNK_OVERLAP", env.getInt("CHUNK_OVERLAP", 16), 0, 100_000),
                within("LLM_MAX_TOKENS", env.getInt("LLM_MAX_TOKENS", 2000), 1, 1_000_000),
                env.getDouble("LLM_TEMPERATURE", 0.3),
                env.get("DEFAULT_NAMESPACE", "default"),
                env.get("LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT),
                Operations.from(env, port),
                env.get("API_KEYS_FILE").map(Path::of),
                limits(env),
                within("MAX_CONCURRENT_INGESTS", env.getInt("MAX_CONCURRENT_INGESTS", 2), 1, 1_000),
                env);
    }

    /** The same settings on another port; tests start servers on a free port this way. */
    public Settings withPort(int newPort) {
        return new Settings(
                host,
                newPort,
                dataDir,
                pluginsDir,
                embeddingProvider,
                vectorStore,
                llmProvider,
                cacheBackend,
                cache,
                resilience,
                maxBodyBytes,
                chunkSize,
                chunkOverlap,
                llmMaxTokens,
                llmTemperature,
                defaultNamespace,
                logLevel,
                operations,
                apiKeysFile,
                limits,
                maxConcurrentIngests,
                pluginConfig.with("PORT", Integer.toString(newPort)));
    }

    /** The {@code MAX_*} limits of one request; the defaults fit a pod with a 2 GiB heap. */
    private static RequestLimits limits(PluginConfig env) {
        RequestLimits d = RequestLimits.DEFAULTS;
        return new RequestLimits(
                within(
                        RequestLimits.TEXTS_PER_REQUEST,
                        env.getInt(RequestLimits.TEXTS_PER_REQUEST, d.textsPerRequest()),
                        1,
                        1_000_000),
                within(
                        RequestLimits.CHARS_PER_TEXT,
                        env.getInt(RequestLimits.CHARS_PER_TEXT, d.charsPerText()),
                        1,
                        100_000_000),
                within(
                        RequestLimits.CHARS_PER_QUESTION,
                        env.getInt(RequestLimits.CHARS_PER_QUESTION, d.charsPerQuestion()),
                        1,
                        1_000_000),
                within(
                        RequestLimits.METADATA_BYTES,
                        env.getInt(RequestLimits.METADATA_BYTES, d.metadataBytes()),
                        1,
                        10_000_000),
                within(
                        RequestLimits.METADATA_KEYS,
                        env.getInt(RequestLimits.METADATA_KEYS, d.metadataKeys()),
                        1,
                        10_000),
                within(
                        RequestLimits.METADATA_KEY_CHARS,
                        env.getInt(RequestLimits.METADATA_KEY_CHARS, d.metadataKeyChars()),
                        1,
                        10_000),
                // Lucene refuses a query of more than 1,024 clauses, the question's words included.
                within(
                        RequestLimits.FILTER_CLAUSES,
                        env.getInt(RequestLimits.FILTER_CLAUSES, d.filterClauses()),
                        1,
                        512),
                within(
                        RequestLimits.CHARS_PER_CHUNK,
                        env.getInt(RequestLimits.CHARS_PER_CHUNK, d.charsPerChunk()),
                        32,
                        1_000_000));
    }

    /** Whether the cache lives in this process ({@code CACHE_BACKEND=memory}), not on a server replicas share. */
    public boolean cacheInProcess() {
        return IN_PROCESS.equals(cacheBackend);
    }

    /** The {@code RATE_LIMIT_*} settings; read when the service starts, so a mistake stops it there. */
    public RateLimitSettings rateLimits() {
        return RateLimitSettings.from(pluginConfig, cacheBackend);
    }

    /** The variables plugins read, with {@code DATA_DIR} always present so every plugin sees the same default. */
    @Override
    public PluginConfig pluginConfig() {
        return pluginConfig.with("DATA_DIR", dataDir.toString());
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new dev.ragservice.ports.plugin.PluginConfigException(
                    name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static double fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new dev.ragservice.ports.plugin.PluginConfigException(
                    name + " must be between 0 (off) and 1, got " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new dev.ragservice.ports.plugin.PluginConfigException(name + " must be positive, got " + value);
        }
        return value;
    }
}
