package dev.ragservice.domain.cache;

import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.vector.SearchHit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The three cache tiers of a query, typed, over the byte-valued {@link Cache} port; and the optional semantic
 * lookup, which finds answers of the response tier by the similarity of their questions.
 *
 * <p>The cache is an optimisation and must never fail a query: every error of the port (or a corrupt value) is
 * reported to the listener and then treated as a miss, or the value is simply not stored. A tier that is off
 * (see {@link CacheSettings}) is neither read nor written and reports nothing.
 */
public final class QueryCaches {

    /** Few, for every tier together: answers can be large (see {@link RecentAnswers}), and only popular entries gain. */
    private static final int LOCAL_COPIES = 256;

    private final Cache cache;
    private final CacheSettings settings;
    private final CacheListener listener;
    private final CorpusVersions versions;
    private final LocalCopies copies;
    private final RecentAnswers answers = new RecentAnswers();
    // Hashing the key was the largest part of a hit's own work; the key is a pure function of the record's value.
    private final RecentValues<ResponseKey, String> responseKeys = new RecentValues<>(256);

    /** Over a cache in this process (the memory backend): every read goes to it. */
    public QueryCaches(Cache cache, CacheSettings settings, CacheListener listener) {
        this(cache, settings, listener, LocalCopies.none());
    }

    /**
     * Over a cache on another server (Redis, Hazelcast, a plugin): entries read or written are also kept here for
     * up to a second ({@link LocalCopies}), so a hit on a popular question crosses no network.
     */
    public static QueryCaches shared(Cache cache, CacheSettings settings, CacheListener listener) {
        return new QueryCaches(cache, settings, listener, new LocalCopies(LOCAL_COPIES, System::nanoTime));
    }

    QueryCaches(Cache cache, CacheSettings settings, CacheListener listener, LocalCopies copies) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.versions = new CorpusVersions(cache, listener);
        this.copies = Objects.requireNonNull(copies, "copies");
    }

    /** Whether caching is on at all; when false, nothing touches the cache. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether the tier is read and written: caching is on and the tier's time to live is positive. */
    public boolean uses(CacheTier tier) {
        return settings.uses(tier);
    }

    /**
     * The corpus version to build this request's search and response keys with, or empty when those tiers must
     * be skipped: because they are off, or because the version cannot be read (a key with a guessed version
     * could serve results from before an ingest). Read it once per request, before searching the store, and
     * use the same value for reading and writing: then a result is never stored under a newer version than
     * the corpus it was computed from.
     */
    public OptionalLong corpusVersion(String namespace) {
        if (!settings.uses(CacheTier.SEARCH) && !settings.uses(CacheTier.RESPONSE)) {
            return OptionalLong.empty();
        }
        long version = versions.current(namespace);
        return version == CorpusVersions.UNKNOWN ? OptionalLong.empty() : OptionalLong.of(version);
    }

    public Optional<float[]> embedding(String namespace, String modelId, String text) {
        return get(CacheTier.EMBEDDING, () -> CacheKeys.embedding(namespace, modelId, text), CacheCodec::decodeVector);
    }

    public void putEmbedding(String namespace, String modelId, String text, float[] vector) {
        put(
                CacheTier.EMBEDDING,
                () -> CacheKeys.embedding(namespace, modelId, text),
                () -> CacheCodec.encodeVector(vector));
    }

    /** A follow-up question made self-contained by the chat model, kept in the response tier. */
    public Optional<String> condensed(String namespace, String modelId, String conversation) {
        return get(
                CacheTier.RESPONSE,
                () -> CacheKeys.condensed(namespace, modelId, conversation),
                bytes -> Optional.of(new String(bytes, StandardCharsets.UTF_8)));
    }

    public void putCondensed(String namespace, String modelId, String conversation, String question) {
        put(
                CacheTier.RESPONSE,
                () -> CacheKeys.condensed(namespace, modelId, conversation),
                () -> question.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<List<SearchHit>> searchHits(SearchKey key) {
        return get(CacheTier.SEARCH, () -> CacheKeys.search(key), CacheCodec::decodeHits);
    }

    public void putSearchHits(SearchKey key, List<SearchHit> hits) {
        put(CacheTier.SEARCH, () -> CacheKeys.search(key), () -> CacheCodec.encodeHits(hits));
    }

    public Optional<CachedAnswer> answer(ResponseKey key) {
        return get(CacheTier.RESPONSE, () -> responseKey(key), answers::decode);
    }

    public void putAnswer(ResponseKey key, CachedAnswer answer) {
        put(CacheTier.RESPONSE, () -> responseKey(key), () -> CacheCodec.encodeAnswer(answer));
    }

    /**
     * The answer cached for the question nearest to {@code vector} among those answered in the key's scope (see
     * {@link CacheKeys#semanticIndex}; the key's own question plays no part), when it is at least
     * {@code semantic.threshold()} similar. Reports the nearest similarity found, then a hit or a miss of
     * {@link CacheTier#SEMANTIC}. Empty, reporting nothing, when the semantic cache or the response tier is off.
     *
     * @param vector the embedding of the key's question, by the embedding model the key names
     */
    public Optional<CachedAnswer> similarAnswer(ResponseKey key, float[] vector, SemanticCacheSettings semantic) {
        if (!semantic.enabled() || !settings.uses(CacheTier.SEMANTIC)) {
            return Optional.empty();
        }
        String indexKey = CacheKeys.semanticIndex(key);
        Optional<SemanticMatch> nearest;
        try {
            nearest = cache.get(indexKey)
                    .flatMap(CacheCodec::decodeSemanticIndex)
                    .flatMap(index -> index.nearest(vector));
        } catch (RuntimeException e) {
            listener.error(CacheTier.SEMANTIC, e);
            return Optional.empty();
        }
        if (nearest.isEmpty()) {
            listener.miss(CacheTier.SEMANTIC);
            return Optional.empty();
        }
        listener.semanticSimilarity(nearest.get().similarity());
        if (nearest.get().similarity() < semantic.threshold()) {
            listener.miss(CacheTier.SEMANTIC);
            return Optional.empty();
        }
        String answerKey = nearest.get().responseKey();
        Optional<CachedAnswer> answer;
        try {
            answer = read(answerKey).flatMap(answers::decode);
        } catch (RuntimeException e) {
            listener.error(CacheTier.SEMANTIC, e);
            return Optional.empty();
        }
        if (answer.isEmpty()) {
            // The answer expired or was evicted while its scope's index, renewed by every new question, lived on.
            // Left there, the entry would keep winning lookups that nearer, live answers could serve.
            update(indexKey, index -> index.without(answerKey));
            listener.miss(CacheTier.SEMANTIC);
        } else {
            listener.hit(CacheTier.SEMANTIC);
        }
        return answer;
    }

    /**
     * Makes the answer cached under {@code key} findable by {@link #similarAnswer}: adds its question's vector
     * to the scope's index as the newest entry, keeping {@code semantic.maxEntriesPerScope()}. Call it after
     * {@link #putAnswer} with the same key. Does nothing when the semantic cache or the response tier is off.
     */
    public void indexQuestion(ResponseKey key, float[] vector, SemanticCacheSettings semantic) {
        if (!semantic.enabled() || !settings.uses(CacheTier.SEMANTIC)) {
            return;
        }
        SemanticEntry entry = new SemanticEntry(responseKey(key), vector);
        update(CacheKeys.semanticIndex(key), index -> index.with(entry, semantic.maxEntriesPerScope()));
    }

    /**
     * Read-modify-write of a scope's index. It is not atomic: when replicas update one scope at the same moment,
     * the last write wins and the others' entries are lost. That costs a later similar question a miss, never a
     * wrong answer, which a best-effort cache can afford; a lock or a compare-and-set would need more of the
     * port from every backend. The index is read again here rather than reused from the lookup, so the window
     * is one round trip, not the whole generation of an answer.
     */
    private void update(String indexKey, UnaryOperator<SemanticIndex> change) {
        Optional<byte[]> stored;
        try {
            stored = cache.get(indexKey);
        } catch (RuntimeException e) {
            // Writing now could replace a whole index that merely could not be read with a single entry.
            listener.error(CacheTier.SEMANTIC, e);
            return;
        }
        SemanticIndex index;
        try {
            index = stored.flatMap(CacheCodec::decodeSemanticIndex).orElse(SemanticIndex.EMPTY);
        } catch (RuntimeException e) {
            listener.error(CacheTier.SEMANTIC, e); // corrupt: start it afresh
            index = SemanticIndex.EMPTY;
        }
        try {
            cache.put(indexKey, CacheCodec.encodeSemanticIndex(change.apply(index)), settings.ttl(CacheTier.SEMANTIC));
        } catch (RuntimeException e) {
            listener.error(CacheTier.SEMANTIC, e);
        }
    }

    private String responseKey(ResponseKey key) {
        return responseKeys.get(key, CacheKeys::response);
    }

    /** An entry of a content key: this replica's fresh copy, else the cache's (see {@link LocalCopies}). */
    private Optional<byte[]> read(String key) {
        return copies.get(key, () -> cache.get(key));
    }

    private <T> Optional<T> get(CacheTier tier, Supplier<String> key, Function<byte[], Optional<T>> decoder) {
        if (!settings.uses(tier)) {
            return Optional.empty();
        }
        Optional<T> value;
        try {
            value = read(key.get()).flatMap(decoder);
        } catch (RuntimeException e) {
            listener.error(tier, e);
            return Optional.empty();
        }
        if (value.isPresent()) {
            listener.hit(tier);
        } else {
            listener.miss(tier);
        }
        return value;
    }

    private void put(CacheTier tier, Supplier<String> key, Supplier<byte[]> value) {
        Duration ttl = settings.ttl(tier);
        if (!ttl.isPositive()) {
            return;
        }
        try {
            String name = key.get();
            byte[] bytes = value.get();
            cache.put(name, bytes, ttl);
            copies.put(name, bytes, ttl);
        } catch (RuntimeException e) {
            listener.error(tier, e);
        }
    }
}
