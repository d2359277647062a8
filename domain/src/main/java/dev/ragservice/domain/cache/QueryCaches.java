package dev.ragservice.domain.cache;

import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.vector.SearchHit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The three cache tiers of a query, typed, over the byte-valued {@link Cache} port.
 *
 * <p>The cache is an optimisation and must never fail a query: every error of the port (or a corrupt value) is
 * reported to the listener and then treated as a miss, or the value is simply not stored. A tier that is off
 * (see {@link CacheSettings}) is neither read nor written and reports nothing.
 */
public final class QueryCaches {

    private final Cache cache;
    private final CacheSettings settings;
    private final CacheListener listener;
    private final CorpusVersions versions;

    public QueryCaches(Cache cache, CacheSettings settings, CacheListener listener) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.versions = new CorpusVersions(cache, listener);
    }

    /** Whether caching is on at all; when false, nothing touches the cache. */
    public boolean enabled() {
        return settings.enabled();
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

    public Optional<float[]> embedding(String modelId, String text) {
        return get(CacheTier.EMBEDDING, () -> CacheKeys.embedding(modelId, text), CacheCodec::decodeVector);
    }

    public void putEmbedding(String modelId, String text, float[] vector) {
        put(CacheTier.EMBEDDING, () -> CacheKeys.embedding(modelId, text), () -> CacheCodec.encodeVector(vector));
    }

    public Optional<List<SearchHit>> searchHits(SearchKey key) {
        return get(CacheTier.SEARCH, () -> CacheKeys.search(key), CacheCodec::decodeHits);
    }

    public void putSearchHits(SearchKey key, List<SearchHit> hits) {
        put(CacheTier.SEARCH, () -> CacheKeys.search(key), () -> CacheCodec.encodeHits(hits));
    }

    public Optional<CachedAnswer> answer(ResponseKey key) {
        return get(CacheTier.RESPONSE, () -> CacheKeys.response(key), CacheCodec::decodeAnswer);
    }

    public void putAnswer(ResponseKey key, CachedAnswer answer) {
        put(CacheTier.RESPONSE, () -> CacheKeys.response(key), () -> CacheCodec.encodeAnswer(answer));
    }

    private <T> Optional<T> get(CacheTier tier, Supplier<String> key,
                                Function<byte[], Optional<T>> decoder) {
        if (!settings.uses(tier)) {
            return Optional.empty();
        }
        Optional<T> value;
        try {
            value = cache.get(key.get()).flatMap(decoder);
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

    private void put(CacheTier tier, Supplier<String> key,
                     Supplier<byte[]> value) {
        Duration ttl = settings.ttl(tier);
        if (!ttl.isPositive()) {
            return;
        }
        try {
            cache.put(key.get(), value.get(), ttl);
        } catch (RuntimeException e) {
            listener.error(tier, e);
        }
    }
}
