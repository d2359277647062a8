package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.cache.CacheSettings;
import dev.ragservice.domain.cache.CorpusVersions;
import dev.ragservice.domain.cache.QueryCaches;
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
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.vector.SearchHit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link AnswerQuestion#stream}: what a stream receives, in which order, and what is cached after it. */
class StreamingAnswersTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(10));
    private static final String RAG = "Retrieval-augmented generation retrieves relevant documents before it "
            + "generates an answer. The retrieved passages are given to the language model as context. "
            + "This grounds the answer in your own data and reduces hallucination.";

    private final HashingEmbeddingModel embeddings = new HashingEmbeddingModel();
    private final InMemoryVectorStore store = InMemoryVectorStore.withKeywordSearch();
    private final InMemoryCache cache = new InMemoryCache();
    private final RecordingCacheListener listener = new RecordingCacheListener();

    /** Records what a stream receives: "sources:n", then each piece. */
    private static final class Recorded implements AnswerStream {
        final List<String> received = new ArrayList<>();

        @Override
        public void sources(List<SearchHit> sources) {
            received.add("sources:" + sources.size());
        }

        @Override
        public void text(String piece) {
            assertThat(piece).isNotEmpty();
            received.add(piece);
        }

        String text() {
            return String.join("", received.subList(1, received.size()));
        }
    }

    /** Writes its pieces, then fails when {@code failAfter} is at most their number. */
    private static final class ScriptedModel implements ChatModel {
        final List<String> pieces;
        final int failAfter;
        final AtomicInteger calls = new AtomicInteger();

        ScriptedModel(List<String> pieces, int failAfter) {
            this.pieces = pieces;
            this.failAfter = failAfter;
        }

        @Override
        public String modelId() {
            return "scripted";
        }

        @Override
        public ChatResponse chat(ChatRequest request, Deadline deadline) {
            throw new UnsupportedOperationException("streams only");
        }

        @Override
        public ChatResponse stream(ChatRequest request, Deadline deadline, Consumer<String> text) {
            calls.incrementAndGet();
            for (int i = 0; i < pieces.size(); i++) {
                if (i == failAfter) {
                    throw new DependencyException("scripted", DependencyException.Kind.UNAVAILABLE, "cut", null);
                }
                text.accept(pieces.get(i));
            }
            return new ChatResponse(String.join("", pieces), "scripted-1", new TokenUsage(50, 5));
        }
    }

    private AnswerQuestion answers(ChatModel model) {
        QueryCaches caches = new QueryCaches(cache, ON, listener);
        new IngestDocuments(
                        embeddings,
                        store,
                        new Chunker(embeddings::countTokens, new ChunkingPolicy(128, 16)),
                        new CorpusVersions(cache, listener))
                .ingest(new IngestCommand("docs", List.of(new Document("rag", RAG, Map.of())), TestRequests.context()));
        Retriever retriever = new Retriever(embeddings, store, caches, new HybridFusion());
        return new AnswerQuestion(retriever, TestWriters.of(model, new GenerationSettings(300, 0.2)), caches);
    }

    private static Question ask(String text) {
        return new Question("docs", text, 2, null, null, true, TestRequests.context());
    }

    @Test
    void extractiveAnswersStreamSentenceBySentenceAndJoinToTheWholeAnswer() {
        AnswerQuestion answers = answers(null);
        Recorded stream = new Recorded();

        Answer answer = answers.stream(ask("What does retrieval-augmented generation retrieve?"), stream);

        assertThat(stream.received.getFirst()).isEqualTo("sources:1");
        assertThat(stream.text()).isEqualTo(answer.text()).contains("[1]");
        Answer whole = answers(null).answer(ask("What does retrieval-augmented generation retrieve?"));
        assertThat(whole.text()).isEqualTo(answer.text());
    }

    @Test
    void theExtractiveAnswererSendsEachSentenceAsAPiece() {
        List<SearchHit> sources = List.of(
                new SearchHit("a#0", "a", 0, "Fresnel lenses focus lighthouse beams.", Map.of(), 0.9),
                new SearchHit("b#0", "b", 0, "Fresnel lenses were made of glass prisms.", Map.of(), 0.8));
        Recorded stream = new Recorded();
        stream.sources(sources);

        String text = new ExtractiveAnswerer().stream("What are Fresnel lenses?", sources, stream);

        assertThat(stream.received)
                .containsExactly(
                        "sources:2",
                        "Fresnel lenses focus lighthouse beams [1].",
                        " Fresnel lenses were made of glass prisms [2].");
        assertThat(text).isEqualTo(new ExtractiveAnswerer().answer("What are Fresnel lenses?", sources));
    }

    @Test
    void theModelsPiecesGoOutAsWrittenAndTheFinishedAnswerIsCachedAndReplayed() {
        ScriptedModel model = new ScriptedModel(List.of("Retrieval", " grounds answers.", " In data [1]."), 99);
        AnswerQuestion answers = answers(model);
        Recorded first = new Recorded();

        Answer answer = answers.stream(ask("What does RAG do?"), first);

        assertThat(first.received).containsExactly("sources:1", "Retrieval", " grounds answers.", " In data [1].");
        assertThat(answer.usage()).isEqualTo(new TokenUsage(50, 5));
        Recorded replay = new Recorded();
        Answer cached = answers.stream(ask("What does RAG do?"), replay);
        assertThat(cached.cached()).isTrue();
        assertThat(replay.received.getFirst()).isEqualTo("sources:1");
        assertThat(replay.text()).isEqualTo("Retrieval grounds answers. In data [1].");
        assertThat(model.calls.get()).isEqualTo(1);
    }

    @Test
    void aModelFailingBeforeItsFirstPieceIsReplacedByTheExtractiveAnswerWhichIsNotCached() {
        FailingChatModel model = new FailingChatModel();
        AnswerQuestion answers = answers(model);
        Recorded stream = new Recorded();

        Answer answer = answers.stream(ask("What does retrieval-augmented generation retrieve?"), stream);

        assertThat(answer.degraded()).isTrue();
        assertThat(answer.model()).isEqualTo(ExtractiveAnswerer.MODEL_ID);
        assertThat(stream.received.getFirst()).isEqualTo("sources:1");
        assertThat(stream.text()).isEqualTo(answer.text()).contains("[1]");
        answers.stream(ask("What does retrieval-augmented generation retrieve?"), new Recorded());
        assertThat(model.calls()).as("not cached: the model is asked again").isEqualTo(2);
    }

    @Test
    void aModelFailingAfterItsFirstPieceFailsTheStreamAndNothingIsCached() {
        ScriptedModel model = new ScriptedModel(List.of("Retrieval", " grounds"), 1);
        AnswerQuestion answers = answers(model);
        Recorded stream = new Recorded();

        assertThatThrownBy(() -> answers.stream(ask("What does RAG do?"), stream))
                .isInstanceOf(DependencyException.class);

        assertThat(stream.received).containsExactly("sources:1", "Retrieval");
        assertThatThrownBy(() -> answers.stream(ask("What does RAG do?"), new Recorded()))
                .isInstanceOf(DependencyException.class);
        assertThat(model.calls.get()).isEqualTo(2);
    }

    @Test
    void aReceiverThatGoesAwayStopsTheWorkAndNothingIsCached() {
        ScriptedModel model = new ScriptedModel(List.of("Retrieval", " grounds", " answers."), 99);
        AnswerQuestion answers = answers(model);
        IllegalStateException gone = new IllegalStateException("client gone");
        AnswerStream leaving = new AnswerStream() {
            @Override
            public void sources(List<SearchHit> sources) {}

            @Override
            public void text(String piece) {
                throw gone;
            }
        };

        assertThatThrownBy(() -> answers.stream(ask("What does RAG do?"), leaving))
                .isSameAs(gone);

        answers.stream(ask("What does RAG do?"), new Recorded());
        assertThat(model.calls.get()).isEqualTo(2);
    }
}
