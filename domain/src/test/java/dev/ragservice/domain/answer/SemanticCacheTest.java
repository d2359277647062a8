package dev.ragservice.domain.answer;

import static dev.ragservice.domain.fakes.ScriptedEmbeddingModel.near;
import static dev.ragservice.domain.fakes.ScriptedEmbeddingModel.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.cache.CacheSettings;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.cache.SemanticCacheSettings;
import dev.ragservice.domain.fakes.CountingChatModel;
import dev.ragservice.domain.fakes.FailingCache;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.InMemoryVectorStore;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import dev.ragservice.domain.fakes.ScriptedEmbeddingModel;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.ChunkingPolicy;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The semantic response cache in the whole query flow. The questions' embeddings are pinned, so each test knows
 * their similarities: {@link #PARAPHRASE} is 0.95 similar to {@link #QUESTION}, {@link #LOOSE} 0.8, and
 * {@link #UNRELATED} and {@link #ELSEWHERE} are orthogonal to all.
 */
class SemanticCacheTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(10));
    private static final SemanticCacheSettings SEMANTIC = new SemanticCacheSettings(0.9, 256);
    private static final GenerationSettings GENERATION = new GenerationSettings(300, 0.2);
    private static final String INDEX_PREFIX = "rag:v1:semantic:";

    private static final String QUESTION = "What does retrieval-augmented generation retrieve?";
    private static final String PARAPHRASE = "Which documents does RAG fetch?";
    private static final String LOOSE = "What does RAG generate?";
    private static final String UNRELATED = "How long do cached answers live?";
    private static final String ELSEWHERE = "Who invented the transformer?";

    private final ScriptedEmbeddingModel model = new ScriptedEmbeddingModel()
            .pin(QUESTION, unit(1))
            .pin(PARAPHRASE, near(1, 0.95))
            .pin(LOOSE, near(1, 0.8))
            .pin(UNRELATED, unit(10))
            .pin(ELSEWHERE, unit(20));
    private final InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
    private final InMemoryCache cache = new InMemoryCache();
    private final RecordingCacheListener listener = new RecordingCacheListener();

    private final Fixture fixture = new Fixture(cache, SEMANTIC, null);

    /** The use cases wired over one cache, as bootstrap wires them; null settings use the old constructor. */
    private final class Fixture {
        final IngestDocuments ingest;
        final AnswerQuestion answers;

        Fixture(Cache cache, SemanticCacheSettings semantic, ChatModel chatModel) {
            QueryCaches caches = new QueryCaches(cache, ON, listener);
            ingest = new IngestDocuments(
                    model,
                    store,
                    new Chunker(model::countTokens, new ChunkingPolicy(128, 16)),
                    new CorpusVersions(cache, listener));
            Retriever retriever = new Retriever(model, store, caches, new HybridFusion());
            answers = semantic == null
                    ? new AnswerQuestion(retriever, TestWriters.of(chatModel, GENERATION), caches)
                    : new AnswerQuestion(retriever, TestWriters.of(chatModel, GENERATION), caches, semantic);
        }

        Fixture ingestCorpus(String namespace) {
            ingest.ingest(new IngestCommand(
                    namespace,
                    List.of(
                            new Document(
                                    "rag",
                                    "Retrieval-augmented generation retrieves relevant documents before it "
                                            + "generates an answer. The retrieved passages are given to the model as context.",
                                    Map.of("topic", MetadataValue.of("rag"))),
                            new Document(
                                    "caching",
                                    "A semantic cache stores answers to frequent questions. Every ingest "
                                            + "bumps the corpus version.",
                                    Map.of("topic", MetadataValue.of("caching")))),
                    TestRequests.context()));
            listener.clear();
            return this;
        }
    }

    private static Question ask(String text) {
        return ask("ns", text);
    }

    private static Question ask(String namespace, String text) {
        return new Question(namespace, text, 2, null, null, true, TestRequests.context());
    }

    private List<String> indexKeys() {
        return cache.keys().stream().filter(key -> key.startsWith(INDEX_PREFIX)).toList();
    }

    @Test
    void aParaphraseAboveTheThresholdGetsTheCachedAnswer() {
        fixture.ingestCorpus("ns");
        Answer first = fixture.answers.answer(ask(QUESTION));
        int searches = store.searches();
        listener.clear();

        Answer second = fixture.answers.answer(ask(PARAPHRASE));

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.sources()).isEqualTo(first.sources());
        assertThat(second.model()).isEqualTo(ExtractiveAnswerer.MODEL_ID);
        assertThat(store.searches()).isEqualTo(searches);
        assertThat(listener.similarities())
                .singleElement()
                .satisfies(s -> assertThat(s).isCloseTo(0.95, within(1e-6)));
        assertThat(listener.events()).containsExactly("miss:response", "miss:embedding", "hit:semantic");
    }

    @Test
    void theLookupsVectorIsTheOneRetrievalSearchesWith() {
        fixture.ingestCorpus("ns");

        fixture.answers.answer(ask(QUESTION));

        assertThat(model.embeddings(QUESTION)).isEqualTo(1);
        assertThat(store.vectorQueries())
                .singleElement()
                .satisfies(q -> assertThat(q.vector()).isEqualTo(unit(1)));
        // An empty scope: a miss, and no similarity to report.
        assertThat(listener.similarities()).isEmpty();
        assertThat(listener.events())
                .containsExactly("miss:response", "miss:embedding", "miss:semantic", "miss:search");
        assertThat(indexKeys()).hasSize(1);
        assertThat(cache.ttl(indexKeys().getFirst())).isEqualTo(ON.responseTtl());
    }

    @Test
    void belowTheThresholdTheQuestionIsAnsweredAfreshAndJoinsTheIndex() {
        fixture.ingestCorpus("ns");
        fixture.answers.answer(ask(QUESTION));
        int searches = store.searches();
        listener.clear();

        Answer loose = fixture.answers.answer(ask(LOOSE));
        Answer again = fixture.answers.answer(ask("  what does RAG   generate? "));

        assertThat(loose.cached()).isFalse();
        assertThat(store.searches()).isGreaterThan(searches);
        assertThat(listener.similarities())
                .singleElement()
                .satisfies(s -> assertThat(s).isCloseTo(0.8, within(1e-6)));
        assertThat(listener.events()).startsWith("miss:response", "miss:embedding", "miss:semantic", "miss:search");
        // Its own answer is now cached too, exactly.
        assertThat(again.cached()).isTrue();
        assertThat(listener.events()).endsWith("hit:response");
    }

    @Test
    void anLlmAnswerIsSharedWithoutAskingTheModelAgain() {
        CountingChatModel chat = new CountingChatModel();
        Fixture llm = new Fixture(cache, SEMANTIC, chat).ingestCorpus("ns");

        llm.answers.answer(ask(QUESTION));
        Answer paraphrased = llm.answers.answer(ask(PARAPHRASE));

        assertThat(chat.requests()).hasSize(1);
        assertThat(paraphrased.cached()).isTrue();
        assertThat(paraphrased.text()).isEqualTo(CountingChatModel.REPLY);
        assertThat(paraphrased.model()).isEqualTo("fake-chat-1-2025");
        assertThat(paraphrased.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void aSimilarQuestionInAnotherScopeNeverMatches() {
        fixture.ingestCorpus("ns");
        fixture.ingestCorpus("other");
        fixture.answers.answer(new Question("ns", QUESTION, 2, null, SearchMode.HYBRID, true, TestRequests.context()));
        Filter onlyRag = new Filter.Compare("topic", Filter.Operator.EQ, MetadataValue.of("rag"));
        listener.clear();

        List<Question> elsewhere = List.of(
                new Question("ns", PARAPHRASE, 1, null, SearchMode.HYBRID, true, TestRequests.context()),
                new Question("ns", PARAPHRASE, 2, onlyRag, SearchMode.HYBRID, true, TestRequests.context()),
                new Question("ns", PARAPHRASE, 2, null, SearchMode.VECTOR, true, TestRequests.context()),
                new Question("other", PARAPHRASE, 2, null, SearchMode.HYBRID, true, TestRequests.context()));
        for (Question question : elsewhere) {
            assertThat(fixture.answers.answer(question).cached())
                    .as(question.toString())
                    .isFalse();
        }
        CountingChatModel chat = new CountingChatModel();
        assertThat(new Fixture(cache, SEMANTIC, chat)
                        .answers
                        .answer(ask(PARAPHRASE))
                        .cached())
                .isFalse();

        // Every one of those scopes was empty: nothing was even compared.
        assertThat(listener.similarities()).isEmpty();
        assertThat(listener.count("miss:semantic")).isEqualTo(5);
        assertThat(chat.requests()).hasSize(1);
    }

    @Test
    void anIngestMakesTheOldScopeUnreachable() {
        fixture.ingestCorpus("ns");
        fixture.answers.answer(ask(QUESTION));

        fixture.ingest.ingest(new IngestCommand(
                "ns", List.of(new Document("new", "Caches expire after their time to live.")), TestRequests.context()));
        listener.clear();
        Answer afterIngest = fixture.answers.answer(ask(PARAPHRASE));

        assertThat(afterIngest.cached()).isFalse();
        assertThat(listener.similarities()).isEmpty();
        assertThat(indexKeys()).hasSize(2);
    }

    @Test
    void offByDefaultNothingIsEmbeddedLookedUpOrIndexed() {
        for (SemanticCacheSettings off : new SemanticCacheSettings[] {null, SemanticCacheSettings.off()}) {
            InMemoryCache own = new InMemoryCache();
            Fixture plain = new Fixture(own, off, null).ingestCorpus("ns");

            plain.answers.answer(ask(QUESTION));
            Answer paraphrased = plain.answers.answer(ask(PARAPHRASE));

            assertThat(paraphrased.cached()).isFalse();
            // The embedding tier is asked once, by retrieval, after the search tier: the order of old.
            assertThat(listener.events())
                    .containsExactly(
                            "miss:response",
                            "miss:search",
                            "miss:embedding",
                            "miss:response",
                            "miss:search",
                            "miss:embedding");
            assertThat(listener.similarities()).isEmpty();
            assertThat(own.keys()).noneMatch(key -> key.startsWith(INDEX_PREFIX));
        }
    }

    @Test
    void aQuestionThatSkipsTheCacheSkipsTheSemanticCacheToo() {
        fixture.ingestCorpus("ns");
        fixture.answers.answer(ask(QUESTION));
        int calls = cache.calls();

        Answer uncached =
                fixture.answers.answer(new Question("ns", PARAPHRASE, 2, null, null, false, TestRequests.context()));

        assertThat(uncached.cached()).isFalse();
        assertThat(cache.calls()).isEqualTo(calls);
    }

    @Test
    void keywordSearchesNeverUseIt() {
        fixture.ingestCorpus("ns");
        int embedded = model.embedded().size();

        fixture.answers.answer(new Question("ns", QUESTION, 2, null, SearchMode.KEYWORD, true, TestRequests.context()));
        Answer paraphrased = fixture.answers.answer(
                new Question("ns", PARAPHRASE, 2, null, SearchMode.KEYWORD, true, TestRequests.context()));

        assertThat(paraphrased.cached()).isFalse();
        assertThat(model.embedded()).hasSize(embedded);
        assertThat(listener.events()).noneMatch(event -> event.endsWith(":semantic"));
        assertThat(indexKeys()).isEmpty();
    }

    @Test
    void aScopeRemembersOnlyItsNewestQuestions() {
        for (int max : new int[] {2, 3}) {
            InMemoryCache own = new InMemoryCache();
            Fixture bounded = new Fixture(own, new SemanticCacheSettings(0.9, max), null).ingestCorpus("ns");
            bounded.answers.answer(ask(QUESTION));
            bounded.answers.answer(ask(UNRELATED));
            bounded.answers.answer(ask(ELSEWHERE));
            listener.clear();

            Answer paraphrased = bounded.answers.answer(ask(PARAPHRASE));

            // With room for two, the oldest question is gone and the nearest left is orthogonal.
            assertThat(paraphrased.cached()).as("max " + max).isEqualTo(max == 3);
            assertThat(listener.similarities())
                    .singleElement()
                    .satisfies(s -> assertThat(s).isCloseTo(max == 3 ? 0.95 : 0, within(1e-6)));
        }
    }

    @Test
    void aCacheThatFailsEverywhereNeverFailsAQuestion() {
        Fixture broken = new Fixture(new FailingCache(), SEMANTIC, null).ingestCorpus("ns");

        Answer answer = broken.answers.answer(ask(QUESTION));
        Answer paraphrased = broken.answers.answer(ask(PARAPHRASE));

        assertThat(answer.text()).contains("[1]");
        assertThat(paraphrased.cached()).isFalse();
        // No corpus version, no response key, so no scope to look in.
        assertThat(listener.events()).noneMatch(event -> event.endsWith(":semantic"));
    }

    @Test
    void aFailingSemanticIndexIsReportedAndTheOtherTiersCarryOn() {
        fixture.ingestCorpus("ns");
        cache.failValues(INDEX_PREFIX);

        Answer first = fixture.answers.answer(ask(QUESTION));
        Answer paraphrased = fixture.answers.answer(ask(PARAPHRASE));
        Answer repeated = fixture.answers.answer(ask(QUESTION));

        assertThat(first.text()).contains("[1]");
        assertThat(paraphrased.cached()).isFalse();
        assertThat(repeated.cached()).isTrue();
        // Per fresh answer: the lookup and the update's read fail; no write follows a failed read.
        assertThat(listener.count("error:semantic")).isEqualTo(4);
        assertThat(indexKeys()).isEmpty();
    }

    @Test
    void aFailingResponseTierFailsNoParaphrase() {
        fixture.ingestCorpus("ns");
        fixture.answers.answer(ask(QUESTION));
        cache.failValues("rag:v1:response:");
        listener.clear();

        Answer paraphrased = fixture.answers.answer(ask(PARAPHRASE));

        assertThat(paraphrased.cached()).isFalse();
        assertThat(paraphrased.text()).contains("[1]");
        assertThat(listener.events()).contains("error:response", "error:semantic");
    }

    @Test
    void aQuestionWithoutSourcesIsNotIndexed() {
        Answer answer = fixture.answers.answer(ask("empty", QUESTION));

        assertThat(answer.text()).isEqualTo(ExtractiveAnswerer.NO_SOURCES_ANSWER);
        assertThat(indexKeys()).isEmpty();
        assertThat(fixture.answers.answer(ask("empty", PARAPHRASE)).cached()).isFalse();
    }

    @Test
    void aFailingModelFailsTheRequestWithOneCall() {
        fixture.ingestCorpus("ns");
        model.fail(true);
        int calls = model.calls();

        assertThatThrownBy(() -> fixture.answers.answer(ask(QUESTION))).isInstanceOf(DependencyException.class);
        assertThat(model.calls()).isEqualTo(calls + 1);
    }
}
