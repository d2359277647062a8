package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link QueryCaches#similarAnswer} and {@link QueryCaches#indexQuestion} over an in-memory cache. */
class SemanticLookupTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(10));
    private static final SemanticCacheSettings SEMANTIC = new SemanticCacheSettings(0.9, 3);
    private static final List<SearchHit> HITS = List.of(
            new SearchHit("d#0", "d", 0, "RAG retrieves, then generates.", Map.of("y", MetadataValue.of(1)), 0.9));

    private final InMemoryCache cache = new InMemoryCache();
    private final RecordingCacheListener listener = new RecordingCacheListener();
    private final QueryCaches caches = new QueryCaches(cache, ON, listener);

    private static ResponseKey key(String question) {
        return new ResponseKey(new SearchKey("ns", 3, "HYBRID", 5, Filter.ALL, question, "model"), "llm", "v1");
    }

    private static CachedAnswer answerTo(String question) {
        return new CachedAnswer("The answer to " + question + " [1].", HITS, "llm");
    }

    /** As AnswerQuestion does after generating a fresh answer. */
    private void answered(String question, float... vector) {
        caches.putAnswer(key(question), answerTo(question));
        caches.indexQuestion(key(question), vector, SEMANTIC);
    }

    private SemanticIndex storedIndex() {
        byte[] bytes = cache.peek(CacheKeys.semanticIndex(key("any"))).orElseThrow();
        return CacheCodec.decodeSemanticIndex(bytes).orElseThrow();
    }

    private List<String> indexedAnswers() {
        return storedIndex().entries().stream().map(SemanticEntry::responseKey).toList();
    }

    @Test
    void theNearestQuestionAboveTheThresholdGivesItsAnswer() {
        answered("what is rag?", 1, 0, 0);
        answered("how do caches expire?", 0, 1, 0);
        listener.clear();

        assertThat(caches.similarAnswer(key("explain rag"), new float[] {0.95f, 0.05f, 0.3f}, SEMANTIC))
                .contains(answerTo("what is rag?"));
        double expected = 0.95 / Math.sqrt(0.95 * 0.95 + 0.05 * 0.05 + 0.3 * 0.3);
        assertThat(listener.similarities())
                .singleElement()
                .satisfies(s -> assertThat(s).isCloseTo(expected, within(1e-6)));
        assertThat(listener.events()).containsExactly("hit:semantic");
    }

    @Test
    void belowTheThresholdIsAMissThatStillReportsTheSimilarity() {
        answered("what is rag?", 1, 0);

        assertThat(caches.similarAnswer(key("what is a cache?"), new float[] {3, 4}, SEMANTIC))
                .isEmpty();
        assertThat(listener.similarities())
                .singleElement()
                .satisfies(s -> assertThat(s).isCloseTo(0.6, within(1e-6)));
        assertThat(listener.events()).containsExactly("miss:semantic");
    }

    @Test
    void aSimilarityEqualToTheThresholdMatches() {
        answered("what is rag?", 1, 0);
        caches.similarAnswer(key("what is a cache?"), new float[] {3, 4}, SEMANTIC);
        double similarity = listener.similarities().getFirst();

        assertThat(caches.similarAnswer(
                        key("what is a cache?"), new float[] {3, 4}, new SemanticCacheSettings(similarity, 3)))
                .contains(answerTo("what is rag?"));
    }

    @Test
    void anEmptyScopeIsAMissWithNoSimilarity() {
        answered("what is rag?", 1, 0);
        ResponseKey otherScope =
                new ResponseKey(new SearchKey("ns", 4, "HYBRID", 5, Filter.ALL, "what is rag?", "model"), "llm", "v1");

        assertThat(caches.similarAnswer(otherScope, new float[] {1, 0}, SEMANTIC))
                .isEmpty();
        assertThat(listener.similarities()).isEmpty();
        assertThat(listener.events()).containsExactly("miss:semantic");
    }

    @Test
    void theIndexKeepsTheNewestQuestionsAndLivesAsLongAsTheAnswers() {
        for (int i = 0; i < 5; i++) {
            float[] axis = new float[5];
            axis[i] = 1;
            answered("q" + i, axis);
        }

        assertThat(indexedAnswers())
                .containsExactly(
                        CacheKeys.response(key("q2")), CacheKeys.response(key("q3")), CacheKeys.response(key("q4")));
        assertThat(cache.ttl(CacheKeys.semanticIndex(key("any")))).isEqualTo(ON.responseTtl());
        // q0's own answer is still cached, but no longer findable by similarity.
        assertThat(caches.similarAnswer(key("q0 again"), new float[] {1, 0, 0, 0, 0}, SEMANTIC))
                .isEmpty();
    }

    @Test
    void answeringAQuestionAgainRenewsItsEntryInsteadOfAddingOne() {
        answered("q0", 1, 0);
        answered("q1", 0, 1);
        answered("q2", 1, 1);
        answered("q0", 1, 0);
        answered("q3", -1, 0);

        assertThat(indexedAnswers())
                .containsExactly(
                        CacheKeys.response(key("q2")), CacheKeys.response(key("q0")), CacheKeys.response(key("q3")));
    }

    @Test
    void anAnswerGoneBeforeItsEntryIsAMissAndTheEntryIsForgotten() {
        answered("what is rag?", 1, 0);
        answered("what is a cache?", 0, 1);
        cache.evict(CacheKeys.response(key("what is rag?")));
        listener.clear();

        assertThat(caches.similarAnswer(key("explain rag"), new float[] {1, 0.1f}, SEMANTIC))
                .isEmpty();
        assertThat(listener.events()).containsExactly("miss:semantic");
        assertThat(indexedAnswers()).containsExactly(CacheKeys.response(key("what is a cache?")));
    }

    @Test
    void whenOffOrWithoutAResponseTierNothingIsReadOrWritten() {
        QueryCaches noResponses = new QueryCaches(
                cache, new CacheSettings(true, Duration.ZERO, Duration.ofDays(1), Duration.ofMinutes(1)), listener);

        caches.indexQuestion(key("q"), new float[] {1}, SemanticCacheSettings.off());
        assertThat(caches.similarAnswer(key("q"), new float[] {1}, SemanticCacheSettings.off()))
                .isEmpty();
        noResponses.indexQuestion(key("q"), new float[] {1}, SEMANTIC);
        assertThat(noResponses.similarAnswer(key("q"), new float[] {1}, SEMANTIC))
                .isEmpty();

        assertThat(cache.calls()).isZero();
        assertThat(listener.events()).isEmpty();
        assertThat(caches.uses(CacheTier.SEMANTIC)).isTrue();
        assertThat(noResponses.uses(CacheTier.SEMANTIC)).isFalse();
    }

    @Test
    void anIndexThatCannotBeReadIsAnErrorAndIsNotOverwritten() {
        answered("what is rag?", 1, 0);
        String prefix = CacheKeys.semanticIndex(key("any"));
        cache.failValues(prefix);
        listener.clear();

        assertThat(caches.similarAnswer(key("explain rag"), new float[] {1, 0}, SEMANTIC))
                .isEmpty();
        caches.indexQuestion(key("what is a cache?"), new float[] {0, 1}, SEMANTIC);

        assertThat(listener.events()).containsExactly("error:semantic", "error:semantic");
        cache.failValues(null);
        assertThat(indexedAnswers()).containsExactly(CacheKeys.response(key("what is rag?")));
    }

    @Test
    void anAnswerThatCannotBeReadIsAnErrorOfTheSemanticTier() {
        answered("what is rag?", 1, 0);
        cache.failValues("rag:v1:response:");
        listener.clear();

        assertThat(caches.similarAnswer(key("explain rag"), new float[] {1, 0}, SEMANTIC))
                .isEmpty();
        assertThat(listener.events()).containsExactly("error:semantic");
        assertThat(listener.similarities()).containsExactly(1.0);
    }

    @Test
    void aCorruptIndexIsAnErrorAndTheNextAnswerStartsItAfresh() {
        String index = CacheKeys.semanticIndex(key("any"));
        cache.overwrite(index, new byte[] {CacheCodec.FORMAT, 4, 0, 0, 0, 9});

        assertThat(caches.similarAnswer(key("what is rag?"), new float[] {1, 0}, SEMANTIC))
                .isEmpty();
        answered("what is rag?", 1, 0);

        assertThat(listener.events()).containsExactly("error:semantic", "error:semantic");
        assertThat(caches.similarAnswer(key("explain rag"), new float[] {1, 0}, SEMANTIC))
                .contains(answerTo("what is rag?"));
    }

    @Test
    void anIndexOfAnotherReleasesFormatIsAPlainMiss() {
        cache.overwrite(CacheKeys.semanticIndex(key("any")), new byte[] {(byte) (CacheCodec.FORMAT + 1), 4, 9});

        assertThat(caches.similarAnswer(key("what is rag?"), new float[] {1, 0}, SEMANTIC))
                .isEmpty();
        assertThat(listener.events()).containsExactly("miss:semantic");
    }

    @Test
    void entriesWhoseSimilarityIsUndefinedAreSkipped() {
        answered("two dimensions", 1, 0);
        answered("zero", 0, 0, 0);
        listener.clear();

        assertThat(caches.similarAnswer(key("three dimensions"), new float[] {1, 0, 0}, SEMANTIC))
                .isEmpty();
        assertThat(listener.similarities()).isEmpty();
        assertThat(listener.events()).containsExactly("miss:semantic");
    }
}
