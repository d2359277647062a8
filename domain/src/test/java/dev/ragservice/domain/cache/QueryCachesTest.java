package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.fakes.FailingCache;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryCachesTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(10));
    private static final SearchKey KEY = new SearchKey("ns", 3, "HYBRID", 5, Filter.ALL, "What is RAG?", "model");
    private static final List<SearchHit> HITS = List.of(
            new SearchHit("d#0", "d", 0, "RAG retrieves, then generates.", Map.of("y", MetadataValue.of(1)), 0.9));

    private final InMemoryCache cache = new InMemoryCache();
    private final RecordingCacheListener listener = new RecordingCacheListener();

    @Test
    void storesEachTierWithItsOwnTtlAndReportsHitsAndMisses() {
        QueryCaches caches = new QueryCaches(cache, ON, listener);

        assertThat(caches.embedding("ns", "model", "q")).isEmpty();
        assertThat(caches.searchHits(KEY)).isEmpty();
        caches.putEmbedding("ns", "model", "q", new float[] {1, 2});
        caches.putSearchHits(KEY, HITS);
        caches.putAnswer(new ResponseKey(KEY, "llm", "v1"), new CachedAnswer("A [1].", HITS, "llm"));

        assertThat(caches.embedding("ns", "model", "q"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
        assertThat(caches.searchHits(KEY)).contains(HITS);
        assertThat(caches.answer(new ResponseKey(KEY, "llm", "v1"))).contains(new CachedAnswer("A [1].", HITS, "llm"));
        assertThat(listener.events())
                .containsExactly("miss:embedding", "miss:search", "hit:embedding", "hit:search", "hit:response");
        assertThat(cache.ttl(CacheKeys.embedding("ns", "model", "q"))).isEqualTo(Duration.ofDays(7));
        assertThat(cache.ttl(CacheKeys.search(KEY))).isEqualTo(Duration.ofMinutes(10));
        assertThat(cache.ttl(CacheKeys.response(new ResponseKey(KEY, "llm", "v1"))))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void overASharedCacheAnEntryIsServedFromThisReplicasCopyForAtMostASecond() {
        long[] nanos = {0};
        QueryCaches replica = new QueryCaches(cache, ON, listener, new LocalCopies(16, () -> nanos[0]));
        QueryCaches other = new QueryCaches(cache, ON, listener);
        ResponseKey key = new ResponseKey(KEY, "llm", "v1");
        CachedAnswer answer = new CachedAnswer("A [1].", HITS, "llm");

        assertThat(replica.answer(key)).isEmpty();
        other.putAnswer(key, answer);
        assertThat(replica.answer(key)).as("a miss is not copied").contains(answer);
        cache.put(CacheKeys.response(key), new byte[0], Duration.ZERO);
        nanos[0] += Duration.ofMillis(999).toNanos();
        assertThat(replica.answer(key)).contains(answer);
        nanos[0] += Duration.ofMillis(1).toNanos();
        assertThat(replica.answer(key)).isEmpty();
        assertThat(other.answer(key)).isEmpty();
    }

    @Test
    void aFailingCacheIsReportedAndTreatedAsAMiss() {
        FailingCache failing = new FailingCache();
        QueryCaches caches = new QueryCaches(failing, ON, listener);

        assertThat(caches.embedding("ns", "model", "q")).isEmpty();
        caches.putEmbedding("ns", "model", "q", new float[] {1});
        assertThat(caches.searchHits(KEY)).isEmpty();
        caches.putSearchHits(KEY, HITS);
        assertThat(caches.answer(new ResponseKey(KEY, "m", "g"))).isEmpty();
        caches.putAnswer(new ResponseKey(KEY, "m", "g"), new CachedAnswer("A", HITS, "m"));
        assertThat(caches.corpusVersion("ns")).isEmpty();

        assertThat(listener.events())
                .containsExactly(
                        "error:embedding",
                        "error:embedding",
                        "error:search",
                        "error:search",
                        "error:response",
                        "error:response",
                        "error:corpus_version");
        assertThat(failing.calls()).isEqualTo(7);
    }

    @Test
    void aCorruptValueIsAnErrorAndAMiss() {
        QueryCaches caches = new QueryCaches(cache, ON, listener);
        cache.overwrite(CacheKeys.search(KEY), new byte[] {CacheCodec.FORMAT, 2, 0, 0});

        assertThat(caches.searchHits(KEY)).isEmpty();
        assertThat(listener.events()).containsExactly("error:search");
    }

    @Test
    void aValueFromAnotherReleasesFormatIsAPlainMiss() {
        QueryCaches caches = new QueryCaches(cache, ON, listener);
        cache.overwrite(CacheKeys.search(KEY), new byte[] {(byte) (CacheCodec.FORMAT + 1), 2, 9, 9});

        assertThat(caches.searchHits(KEY)).isEmpty();
        assertThat(listener.events()).containsExactly("miss:search");
    }

    @Test
    void whenDisabledNothingTouchesTheCache() {
        QueryCaches caches = new QueryCaches(cache, CacheSettings.disabled(), listener);

        caches.putEmbedding("ns", "model", "q", new float[] {1});
        caches.putSearchHits(KEY, HITS);
        assertThat(caches.embedding("ns", "model", "q")).isEmpty();
        assertThat(caches.searchHits(KEY)).isEmpty();
        assertThat(caches.corpusVersion("ns")).isEmpty();

        assertThat(cache.calls()).isZero();
        assertThat(listener.events()).isEmpty();
        assertThat(caches.enabled()).isFalse();
    }

    @Test
    void aZeroTtlTurnsOneTierOff() {
        QueryCaches caches = new QueryCaches(
                cache, new CacheSettings(true, Duration.ofHours(1), Duration.ZERO, Duration.ofMinutes(1)), listener);

        caches.putEmbedding("ns", "model", "q", new float[] {1});
        caches.putSearchHits(KEY, HITS);

        assertThat(cache.keys()).containsExactly(CacheKeys.search(KEY));
        assertThat(caches.embedding("ns", "model", "q")).isEmpty();
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void corpusVersionIsTheNamespacesCounterOrEmptyWhenItCannotBeRead() {
        QueryCaches caches = new QueryCaches(cache, ON, listener);
        CorpusVersions versions = new CorpusVersions(cache);

        assertThat(caches.corpusVersion("ns")).hasValue(0);
        versions.bump("ns");
        assertThat(caches.corpusVersion("ns")).hasValue(1);

        cache.failCounters(true);
        assertThat(caches.corpusVersion("ns")).isEmpty();
        assertThat(listener.events()).containsExactly("error:corpus_version");
    }

    @Test
    void settingsRejectNegativeTtls() {
        assertThatThrownBy(() -> new CacheSettings(true, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("responseTtl");
    }
}
