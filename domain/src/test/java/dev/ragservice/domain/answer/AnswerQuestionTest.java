package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.cache.CacheSettings;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.fakes.CountingChatModel;
import dev.ragservice.domain.fakes.FailingCache;
import dev.ragservice.domain.fakes.FailingChatModel;
import dev.ragservice.domain.fakes.HashingEmbeddingModel;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.InMemoryVectorStore;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.ChunkingPolicy;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole query flow over honest fakes: response tier, search tier, embedding tier, store, generation. */
class AnswerQuestionTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(10));
    private static final GenerationSettings GENERATION = new GenerationSettings(300, 0.2);
    private static final String RAG = "Retrieval-augmented generation retrieves relevant documents before it "
            + "generates an answer. The retrieved passages are given to the language model as context. "
            + "This grounds the answer in your own data and reduces hallucination.";
    private static final String CACHING = "A semantic cache stores answers to frequent questions. "
            + "Every ingest bumps the corpus version, which invalidates cached answers of that namespace.";

    private final HashingEmbeddingModel model = new HashingEmbeddingModel();
    private final InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
    private final InMemoryCache cache = new InMemoryCache();
    private final RecordingCacheListener listener = new RecordingCacheListener();

    private final Fixture fixture = new Fixture(cache, ON, null);

    /** The use cases wired over one cache, as bootstrap wires them. */
    private final class Fixture {
        final QueryCaches caches;
        final IngestDocuments ingest;
        final AnswerQuestion answers;

        Fixture(Cache cache, CacheSettings settings, ChatModel chatModel) {
            caches = new QueryCaches(cache, settings, listener);
            ingest = new IngestDocuments(
                    model,
                    store,
                    new Chunker(model::countTokens, new ChunkingPolicy(128, 16)),
                    new CorpusVersions(cache, listener));
            Retriever retriever = new Retriever(model, store, caches, new HybridFusion());
            answers = new AnswerQuestion(retriever, TestWriters.of(chatModel, GENERATION), caches);
        }
    }

    private void ingestCorpus(String namespace) {
        fixture.ingest.ingest(new IngestCommand(
                namespace,
                List.of(
                        new Document("rag", RAG, Map.of("topic", MetadataValue.of("rag"))),
                        new Document("caching", CACHING, Map.of("topic", MetadataValue.of("caching")))),
                TestRequests.context()));
        listener.clear();
    }

    private static Question ask(String namespace, String text) {
        return new Question(namespace, text, 2, null, null, true, TestRequests.context());
    }

    @Test
    void theSecondIdenticalQuestionIsAnsweredFromTheResponseCache() {
        ingestCorpus("ns");

        Answer first = fixture.answers.answer(ask("ns", "What does retrieval-augmented generation retrieve?"));
        int searches = store.searches();
        int embedded = model.textsEmbedded();
        Answer second = fixture.answers.answer(ask("ns", "What does retrieval-augmented generation retrieve?"));

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.sources()).isEqualTo(first.sources());
        assertThat(second.model()).isEqualTo(ExtractiveAnswerer.MODEL_ID);
        assertThat(store.searches()).isEqualTo(searches);
        assertThat(model.textsEmbedded()).isEqualTo(embedded);
        assertThat(listener.events()).containsExactly("miss:response", "miss:search", "miss:embedding", "hit:response");
    }

    @Test
    void questionsDifferingOnlyInCaseAndSpacingShareTheCache() {
        ingestCorpus("ns");

        fixture.answers.answer(ask("ns", "What is a semantic cache?"));

        assertThat(fixture.answers
                        .answer(ask("ns", "  what IS a   semantic cache? "))
                        .cached())
                .isTrue();
    }

    @Test
    void anIngestInvalidatesSearchesAndAnswersButNotEmbeddings() {
        ingestCorpus("ns");
        Question question = ask("ns", "How is a cache invalidated?");
        fixture.answers.answer(question);
        int searches = store.searches();
        int embedded = model.textsEmbedded();

        fixture.ingest.ingest(new IngestCommand(
                "ns", List.of(new Document("new", "Caches expire after their time to live.")), TestRequests.context()));
        int embeddedByIngest = model.textsEmbedded() - embedded;
        listener.clear();
        Answer afterIngest = fixture.answers.answer(question);

        assertThat(afterIngest.cached()).isFalse();
        assertThat(store.searches()).isGreaterThan(searches);
        assertThat(model.textsEmbedded()).isEqualTo(embedded + embeddedByIngest);
        assertThat(listener.events()).containsExactly("miss:response", "miss:search", "hit:embedding");
    }

    @Test
    void anIngestIntoAnotherNamespaceChangesNothingHere() {
        ingestCorpus("ns");
        Question question = ask("ns", "How is a cache invalidated?");
        fixture.answers.answer(question);

        fixture.ingest.ingest(new IngestCommand(
                "other", List.of(new Document("x", "Unrelated text in another namespace.")), TestRequests.context()));

        assertThat(fixture.answers.answer(question).cached()).isTrue();
    }

    @Test
    void useCacheFalseNeitherReadsNorWritesAnyTier() {
        ingestCorpus("ns");
        Question uncached =
                new Question("ns", "How is a cache invalidated?", 2, null, null, false, TestRequests.context());
        int calls = cache.calls();

        Answer first = fixture.answers.answer(uncached);
        Answer second = fixture.answers.answer(uncached);

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isFalse();
        assertThat(cache.calls()).isEqualTo(calls);
        assertThat(listener.events()).isEmpty();
        // Nothing was written: the same question with the cache on misses every tier.
        fixture.answers.answer(ask("ns", "How is a cache invalidated?"));
        assertThat(listener.events()).containsExactly("miss:response", "miss:search", "miss:embedding");
    }

    @Test
    void withCachingDisabledNothingTouchesTheCache() {
        Fixture disabled = new Fixture(cache, CacheSettings.disabled(), null);
        disabled.ingest.ingest(new IngestCommand("ns", List.of(new Document("rag", RAG)), TestRequests.context()));
        int calls = cache.calls();
        listener.clear();

        disabled.answers.answer(ask("ns", "What is retrieved?"));
        Answer again = disabled.answers.answer(ask("ns", "What is retrieved?"));

        assertThat(again.cached()).isFalse();
        assertThat(cache.calls()).isEqualTo(calls);
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void aCacheThatFailsEverywhereNeverFailsAQuestion() {
        FailingCache failing = new FailingCache();
        Fixture broken = new Fixture(failing, ON, null);
        broken.ingest.ingest(new IngestCommand("ns", List.of(new Document("rag", RAG)), TestRequests.context()));
        listener.clear();

        Answer answer = broken.answers.answer(ask("ns", "What does retrieval-augmented generation retrieve?"));
        Answer again = broken.answers.answer(ask("ns", "What does retrieval-augmented generation retrieve?"));

        assertThat(answer.text()).contains("[1]");
        assertThat(again.cached()).isFalse();
        // The version cannot be read, so the versioned tiers are skipped; the embedding tier is tried and fails.
        assertThat(listener.events())
                .containsExactly(
                        "error:corpus_version",
                        "error:embedding",
                        "error:embedding",
                        "error:corpus_version",
                        "error:embedding",
                        "error:embedding");
    }

    @Test
    void anUnreadableCorpusVersionSkipsTheVersionedTiersButKeepsEmbeddings() {
        ingestCorpus("ns");
        cache.failCounters(true);
        Question question = ask("ns", "How is a cache invalidated?");

        fixture.answers.answer(question);
        int searches = store.searches();
        Answer again = fixture.answers.answer(question);

        assertThat(again.cached()).isFalse();
        assertThat(store.searches()).isGreaterThan(searches);
        assertThat(listener.events())
                .containsExactly(
                        "error:corpus_version", "miss:embedding",
                        "error:corpus_version", "hit:embedding");
    }

    @Test
    void kFilterAndModeArePartOfTheKeys() {
        ingestCorpus("ns");
        fixture.answers.answer(
                new Question("ns", "What is cached?", 2, null, SearchMode.HYBRID, true, TestRequests.context()));

        Filter onlyRag = new Filter.Compare("topic", Filter.Operator.EQ, MetadataValue.of("rag"));
        assertThat(fixture.answers
                        .answer(new Question(
                                "ns", "What is cached?", 1, null, SearchMode.HYBRID, true, TestRequests.context()))
                        .cached())
                .isFalse();
        assertThat(fixture.answers
                        .answer(new Question(
                                "ns", "What is cached?", 2, onlyRag, SearchMode.HYBRID, true, TestRequests.context()))
                        .cached())
                .isFalse();
        assertThat(fixture.answers
                        .answer(new Question(
                                "ns", "What is cached?", 2, null, SearchMode.VECTOR, true, TestRequests.context()))
                        .cached())
                .isFalse();
        // No mode means the default, which is hybrid here: the same entry.
        assertThat(fixture.answers
                        .answer(new Question("ns", "What is cached?", 2, null, null, true, TestRequests.context()))
                        .cached())
                .isTrue();
    }

    @Test
    void theExtractiveAnswerQuotesTheRelevantSentenceAndCitesIt() {
        ingestCorpus("ns");

        Answer answer = fixture.answers.answer(ask("ns", "What happens to the retrieved passages?"));

        assertThat(answer.text()).contains("The retrieved passages are given to the language model as context [1].");
        assertThat(answer.sources().getFirst().documentId()).isEqualTo("rag");
        assertThat(answer.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(fixture.answers.modelId()).isEqualTo(ExtractiveAnswerer.MODEL_ID);
    }

    @Test
    void theChatModelGetsThePromptAndSettingsAndItsUsageIsReported() {
        CountingChatModel chat = new CountingChatModel();
        Fixture llm = new Fixture(cache, ON, chat);
        llm.ingest.ingest(new IngestCommand(
                "ns", List.of(new Document("rag", RAG), new Document("caching", CACHING)), TestRequests.context()));
        Question question = ask("ns", "What does retrieval-augmented generation retrieve?");

        Answer answer = llm.answers.answer(question);

        assertThat(chat.requests())
                .singleElement()
                .isEqualTo(new ChatRequest(new PromptBuilder().build(question.text(), answer.sources()), 300, 0.2));
        assertThat(answer.text()).isEqualTo(CountingChatModel.REPLY);
        assertThat(answer.model()).isEqualTo("fake-chat-1-2025");
        assertThat(answer.usage()).isEqualTo(CountingChatModel.USAGE);
        assertThat(answer.sources()).isNotEmpty();
        assertThat(llm.answers.modelId()).isEqualTo("fake-chat-1");
    }

    @Test
    void aCachedLlmAnswerCallsNoModelAndCostsNoTokens() {
        CountingChatModel chat = new CountingChatModel();
        Fixture llm = new Fixture(cache, ON, chat);
        llm.ingest.ingest(new IngestCommand("ns", List.of(new Document("rag", RAG)), TestRequests.context()));

        llm.answers.answer(ask("ns", "What is retrieved?"));
        Answer again = llm.answers.answer(ask("ns", "What is retrieved?"));

        assertThat(chat.requests()).hasSize(1);
        assertThat(again.cached()).isTrue();
        assertThat(again.text()).isEqualTo(CountingChatModel.REPLY);
        assertThat(again.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void answersOfAnotherModelAreNotServed() {
        ingestCorpus("ns");
        fixture.answers.answer(ask("ns", "What is retrieved?"));
        CountingChatModel chat = new CountingChatModel();

        Answer fromLlm = new Fixture(cache, ON, chat).answers.answer(ask("ns", "What is retrieved?"));

        assertThat(fromLlm.cached()).isFalse();
        assertThat(chat.requests()).hasSize(1);
    }

    @Test
    void withNoSourcesTheChatModelIsNotAsked() {
        CountingChatModel chat = new CountingChatModel();
        Fixture llm = new Fixture(cache, ON, chat);

        Answer answer = llm.answers.answer(ask("empty", "What is retrieved?"));

        assertThat(chat.requests()).isEmpty();
        assertThat(answer.text()).isEqualTo(ExtractiveAnswerer.NO_SOURCES_ANSWER);
        assertThat(answer.sources()).isEmpty();
        assertThat(answer.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void aFailingChatModelGivesTheExtractiveAnswerMarkedDegradedAndItIsNotCached() {
        FailingChatModel chat = new FailingChatModel();
        Fixture llm = new Fixture(cache, ON, chat);
        llm.ingest.ingest(new IngestCommand(
                "ns", List.of(new Document("rag", RAG), new Document("caching", CACHING)), TestRequests.context()));
        Question question = ask("ns", "What happens to the retrieved passages?");

        Answer first = llm.answers.answer(question);
        Answer second = llm.answers.answer(question);

        assertThat(first.degraded()).isTrue();
        assertThat(first.model()).isEqualTo(ExtractiveAnswerer.MODEL_ID);
        assertThat(first.text()).contains("The retrieved passages are given to the language model as context [1].");
        assertThat(first.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(second.cached()).as("a degraded answer is not cached").isFalse();
        assertThat(second.degraded()).isTrue();
        assertThat(chat.calls()).isEqualTo(2);
    }

    @Test
    void aHealthyChatModelsAnswerIsNotDegraded() {
        Fixture llm = new Fixture(cache, ON, new CountingChatModel());
        llm.ingest.ingest(new IngestCommand("ns", List.of(new Document("rag", RAG)), TestRequests.context()));

        assertThat(llm.answers.answer(ask("ns", "What is retrieved?")).degraded())
                .isFalse();
    }
}
