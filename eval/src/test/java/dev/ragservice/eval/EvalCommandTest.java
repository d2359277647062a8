package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole command end to end, with the real model and a real Lucene index, on collections small enough to
 * work out every expected number by hand.
 */
class EvalCommandTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path directory;

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * Four documents, four queries. BM25 finds only documents sharing a word with the query (after stemming and
     * stop words), so its rankings are known:
     * <ul>
     *   <li>q1 "fresnel lighthouse lens" matches only d1. Judged d1=2, d3=1 (relevant, but no shared word),
     *       d4=0. AP = (1/1) / 2 = 0.5; recall 1/2; nDCG@10 = 2 / (2 + 1/log2(3)).</li>
     *   <li>q2 "why does sourdough rise" matches only d2 ("rises" stems to "rise"). Judged d2=1: all 1.</li>
     *   <li>q3 has only a non-relevant judgment and q4 none: both skipped.</li>
     * </ul>
     */
    private Path handJudgedCollection() throws IOException {
        Path beir = directory.resolve("tiny");
        new BeirFiles()
                .write(
                        new BeirCollection(
                                "tiny",
                                List.of(
                                        new BeirDocument(
                                                "d1",
                                                "Fresnel lenses",
                                                "The Fresnel lens focuses lighthouse beams " + "across the sea."),
                                        new BeirDocument(
                                                "d2",
                                                "",
                                                "Sourdough bread rises because of wild yeast in the starter."),
                                        new BeirDocument(
                                                "d3", "", "Coastal navigation relied on beacons before radar."),
                                        new BeirDocument(
                                                "d4", "", "Bees communicate the direction of flowers by dancing.")),
                                List.of(
                                        new BeirQuery("q1", "fresnel lighthouse lens"),
                                        new BeirQuery("q2", "why does sourdough rise"),
                                        new BeirQuery("q3", "bees dancing"),
                                        new BeirQuery("q4", "unjudged question")),
                                new Qrels(Map.of(
                                        "q1",
                                        Map.of("d1", 2, "d3", 1, "d4", 0),
                                        "q2",
                                        Map.of("d2", 1),
                                        "q3",
                                        Map.of("d4", 0)))),
                        beir);
        return beir;
    }

    @Test
    void bm25OnAHandJudgedCollection() throws IOException {
        EvalRun run = EvalRun.of("--beir", handJudgedCollection().toString(), "--mode", "bm25", "--k", "100");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = run.json();
        assertThat(result.get("map").asDouble()).isCloseTo((0.5 + 1) / 2, within(EPS));
        assertThat(result.get("recall@10").asDouble()).isCloseTo((0.5 + 1) / 2, within(EPS));
        assertThat(result.get("recall@100").asDouble()).isCloseTo((0.5 + 1) / 2, within(EPS));
        assertThat(result.get("ndcg@10").asDouble()).isCloseTo((2 / (2 + 1 / log2(3)) + 1) / 2, within(EPS));
        assertThat(result.get("queries").asInt()).isEqualTo(2);
        assertThat(result.get("skipped_queries").asInt()).isEqualTo(2);
        assertThat(result.get("documents").asInt()).isEqualTo(4);
        assertThat(result.get("mode").asText()).isEqualTo("bm25");
        assertThat(run.out()).contains("MAP          0.7500").contains("2 evaluated, 2 skipped");
        assertThat(run.err())
                .contains("ingest")
                .contains("4/4 100%")
                .contains("bm25")
                .contains("2/2 100%");
    }

    /**
     * Vector search ranks every document, so with four documents and a depth of 100 every relevant one is found:
     * recall is 1 at 10 and at 100. The model puts the document that shares the query's topic words first (d1 for
     * q1, d2 for q2), so q2's AP is 1 and q1's at least (1/1 + 2/4) / 2 = 0.75, with d3 last: MAP at least 0.875.
     */
    @Test
    void denseAndHybridRankEveryDocument() throws IOException {
        Path beir = handJudgedCollection();
        for (String mode : List.of("dense", "hybrid")) {
            EvalRun run = EvalRun.of("--beir", beir.toString(), "--mode", mode, "--k", "100");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode result = run.json();
            assertThat(result.get("recall@10").asDouble()).as(mode).isCloseTo(1, within(EPS));
            assertThat(result.get("recall@100").asDouble()).as(mode).isCloseTo(1, within(EPS));
            assertThat(result.get("map").asDouble()).as(mode).isBetween((0.75 + 1) / 2 - EPS, 1 + EPS);
            assertThat(result.get("mode").asText()).isEqualTo(mode);
        }
    }

    /**
     * The CACM sample through both commands. BM25: query 1 (about time sharing) matches only CACM-1410, its one
     * relevant document: AP 1. Query 2 ("Sorting of punched cards Doe, J.") matches only the sorting page, one
     * of its two relevant documents: AP 1/2, nDCG@10 1 / (1 + 1/log2(3)). Query 3 is not judged. The empty page
     * is left out.
     */
    @Test
    void convertsTheCacmSampleAndEvaluatesIt() {
        Path beir = directory.resolve("cacm");
        EvalRun convert = EvalRun.of(
                "convert", "--cacm", TestResources.path("/eval/cacm-sample").toString(), "--out", beir.toString());
        assertThat(convert.exitCode()).as(convert.err()).isZero();
        assertThat(convert.out()).contains("4 documents, 3 queries (2 with a relevant judged document), 3 judgments");

        EvalRun run = EvalRun.of("--beir", beir.toString(), "--mode", "bm25");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = run.json();
        assertThat(result.get("map").asDouble()).isCloseTo((1 + 0.5) / 2, within(EPS));
        assertThat(result.get("ndcg@10").asDouble()).isCloseTo((1 + 1 / (1 + 1 / log2(3))) / 2, within(EPS));
        assertThat(result.get("documents").asInt()).isEqualTo(3);
        assertThat(result.get("depth").asInt()).isEqualTo(EvalCommand.DEFAULT_DEPTH);
        assertThat(run.out()).contains("(1 empty left out)");
    }

    /** Named after their files, as Anserini names them, the judged CACM-115 and CACM-1 match no document. */
    @Test
    void anseriniDocumentIdsLoseTheJudgmentsOfDocumentsBelow1000() {
        Path beir = directory.resolve("cacm-files");
        EvalRun convert = EvalRun.of(
                "convert",
                "--cacm",
                TestResources.path("/eval/cacm-sample").toString(),
                "--cacm-docids",
                "files",
                "--out",
                beir.toString());
        assertThat(convert.out()).contains("(2 of them name no document of the corpus)");

        EvalRun run = EvalRun.of("--beir", beir.toString(), "--mode", "bm25");

        // Query 1 as before (AP 1); query 2 finds CACM-0115, which its judgments call CACM-115: AP 0.
        assertThat(run.json().get("map").asDouble()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void wrongArgumentsExitWithTwoAndSayWhy() throws IOException {
        Path beir = handJudgedCollection();

        EvalRun noMode = EvalRun.of("--beir", beir.toString());
        assertThat(noMode.exitCode()).isEqualTo(2);
        assertThat(noMode.err()).contains("--mode").contains("Usage:");

        EvalRun badMode = EvalRun.of("--beir", beir.toString(), "--mode", "splade");
        assertThat(badMode.exitCode()).isEqualTo(2);
        assertThat(badMode.err()).contains("bm25, dense, hybrid");

        EvalRun shallow = EvalRun.of("--beir", beir.toString(), "--mode", "bm25", "--k", "10");
        assertThat(shallow.exitCode()).isEqualTo(2);
        assertThat(shallow.err()).contains("at least 100");

        EvalRun both = EvalRun.of("convert", "--vaswani", "a", "--cacm", "b", "--out", "c");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        EvalRun idsForVaswani = EvalRun.of("convert", "--vaswani", "a", "--cacm-docids", "files", "--out", "c");
        assertThat(idsForVaswani.exitCode()).isEqualTo(2);
        assertThat(idsForVaswani.err()).contains("--cacm only");

        EvalRun unknown = EvalRun.of("--beir", beir.toString(), "--mode", "bm25", "--depth", "5");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--depth");
    }

    @Test
    void aFolderThatIsNoCollectionFailsWithOneAndSaysWhich() {
        EvalRun run = EvalRun.of("--beir", directory.toString(), "--mode", "bm25");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not a BEIR collection").contains("corpus.jsonl");
    }

    @Test
    void helpIsNotAnError() {
        EvalRun help = EvalRun.of("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--beir=DIR").contains("convert");
        assertThat(EvalRun.of("convert", "--help").out()).contains("--cacm-docids");
    }
}
