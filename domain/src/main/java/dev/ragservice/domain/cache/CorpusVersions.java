package dev.ragservice.domain.cache;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import java.util.Objects;

/**
 * A version counter per namespace, kept in the cache so that every replica sharing it sees each ingest. Search
 * and response cache keys include the version, so bumping it after an ingest makes every cached result of that
 * namespace unreachable at once, with no scan or delete; the old entries simply expire.
 */
public final class CorpusVersions {

    /** What {@link #current} returns when the version cannot be read: callers must not use versioned tiers. */
    public static final long UNKNOWN = -1;

    /** How many namespaces' counter keys are remembered. */
    static final int MAX_KEYS = 1024;

    private final Cache cache;
    private final CacheListener listener;
    // Every query reads its namespace's counter: hashing the same name again each time cost more than reading it.
    private final RecentValues<String, String> keys = new RecentValues<>(MAX_KEYS);

    public CorpusVersions(Cache cache, CacheListener listener) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public CorpusVersions(Cache cache) {
        this(cache, CacheListener.NONE);
    }

    /** The namespace's version (0 before its first ingest), or {@link #UNKNOWN} when the cache fails. */
    public long current(String namespace) {
        try {
            return cache.counter(keys.get(namespace, CacheKeys::corpusVersion));
        } catch (RuntimeException e) {
            listener.error(CacheTier.CORPUS_VERSION, e);
            return UNKNOWN;
        }
    }

    /**
     * Invalidates the namespace's cached searches and answers; call it after the store acknowledged a change.
     *
     * <p>A failure is reported and swallowed, not thrown: the documents are already stored durably, and failing
     * the request would make the client retry an ingest that succeeded. The price is that replicas may serve
     * results from before this change until the entries' time to live runs out (the search and response TTLs
     * bound that staleness), so listeners should alert on {@link CacheTier#CORPUS_VERSION} errors.
     */
    public void bump(String namespace) {
        try {
            cache.increment(keys.get(namespace, CacheKeys::corpusVersion));
        } catch (RuntimeException e) {
            listener.error(CacheTier.CORPUS_VERSION, e);
        }
    }

    /**
     * Invalidates the namespace's cached searches and answers, or fails: for a deletion, which must never be
     * acknowledged while a cache may still serve the deleted text. The client repeats the request (deleting again
     * changes nothing) until the caches have been told.
     *
     * @throws DependencyException when the version could not be bumped
     */
    public void bumpOrFail(String namespace) {
        try {
            cache.increment(keys.get(namespace, CacheKeys::corpusVersion));
        } catch (RuntimeException e) {
            listener.error(CacheTier.CORPUS_VERSION, e);
            throw new DependencyException(
                    "cache",
                    DependencyException.Kind.UNAVAILABLE,
                    "the documents are deleted, but the caches could not be told; repeat the request",
                    e);
        }
    }
}
