package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.bootstrap.application.Application;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.answer.Question;
import dev.ragservice.domain.answer.SearchMode;
import dev.ragservice.ports.vector.SearchHit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranking documents from chunks, against the real model and index, with chunks small enough to need several. The
 * tests only read the index, so it is built once for all of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalEvaluationTest {

    private Application application;
    private RetrievalEvaluation evaluation;
    private IngestSummary ingested;

    /**
     * "long" is fifteen sentences that each name the lighthouse, split into chunks of 32 tokens: each of its chunks
     * says "lighthouse" about three times in some twenty words and outranks the two short documents, which say it
     * once. The first few chunks of a ranking are then all "long".
     */
    @BeforeAll
    void ingestChunkedCollection(@TempDir Path dataDir) {
        application = Application.create(
                Settings.from(Map.of(
                        "DATA_DIR",
                        dataDir.toString(),
                        "CACHE_ENABLED",
                        "false",
                        "CHUNK_SIZE",
                        "32",
                        "CHUNK_OVERLAP",
                        "0")),
                new RagMetrics());
        evaluation = new RetrievalEvaluation(
                application.ingest(),
                application.retriever(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String longText = IntStream.range(0, 15)
                .mapToObj(i -> "The lighthouse keeper logged ship " + i + " near the lighthouse.")
                .collect(Collectors.joining(" "));
        BeirCollection collection = new BeirCollection(
                "chunked",
                List.of(
                        new BeirDocument("long", "", longText),
                        new BeirDocument(
                                "short-a",
                                "",
                                "A lighthouse stands on the northern cape, far from any "
                                        + "town or harbour, painted red and white."),
                        new BeirDocument("short-b", "", "Every lighthouse needs a lens."),
                        new BeirDocument("other", "", "Bread rises overnight.")),
                List.of(),
                new Qrels(Map.of()));
        ingested = evaluation.ingest(collection);
    }

    @AfterAll
    void close() {
        application.close();
    }

    @Test
    void asksDeeperUntilEnoughDocumentsAreRanked() {
        assertThat(ingested.chunks()).isGreaterThanOrEqualTo(6);
        // Without asking again, three chunks would all be "long": one document instead of three.
        Question question = new Question(
                RetrievalEvaluation.NAMESPACE,
                "lighthouse",
                3,
                null,
                SearchMode.KEYWORD,
                false,
                RequestContext.internal(Duration.ofMinutes(5)));
        assertThat(application.retriever().rank(question, 3))
                .extracting(SearchHit::documentId)
                .containsOnly("long");

        List<String> ranking = evaluation.rank(new BeirQuery("q", "lighthouse"), EvalMode.BM25, 3, ingested.chunks());

        assertThat(ranking).hasSize(3).first().isEqualTo("long");
        assertThat(ranking).containsExactlyInAnyOrder("long", "short-a", "short-b");
    }

    @Test
    void stopsWhenTheIndexHasNoMoreToGive() {
        List<String> keyword = evaluation.rank(new BeirQuery("q", "lighthouse"), EvalMode.BM25, 10, ingested.chunks());
        List<String> vector = evaluation.rank(new BeirQuery("q", "lighthouse"), EvalMode.DENSE, 10, ingested.chunks());

        assertThat(keyword).containsExactlyInAnyOrder("long", "short-a", "short-b");
        assertThat(vector).containsExactlyInAnyOrder("long", "short-a", "short-b", "other");
    }

    @Test
    void countsDocumentsAndChunks() {
        assertThat(ingested.documents()).isEqualTo(4);
        assertThat(ingested.emptyDocuments()).isZero();
        long stored =
                application.dependencies().stats(RetrievalEvaluation.NAMESPACE).chunks();
        assertThat(ingested.chunks()).isEqualTo(stored);
    }
}
