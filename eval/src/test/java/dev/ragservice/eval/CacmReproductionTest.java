package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness check: BM25 through the service (ingestion with the real model and chunking, Lucene's BM25 with
 * k1=0.9 and b=0.4, English analysis) reproduces Anserini's published CACM regression, MAP 0.3123
 * (castorini/anserini, reproduce/from-document-collection/configs/cacm.yaml).
 *
 * <p>Anserini names documents after their files (CACM-0115), while the judgments spell CACM-115; its 0.3123 is
 * therefore measured with the 55 judgments of documents 1 to 999 unmatched, and so is this check. See
 * docs/benchmarks.md for the number with every judgment matched.
 *
 * <p>The collection is not part of the repository: it is read from {@code ../shared/eval} beside the
 * repository's root, where CI has it. Ingesting it with the real model takes a bit over a minute on two cores.
 */
class CacmReproductionTest {

    private static final double ANSERINI_BM25_MAP = 0.3123;

    @TempDir
    Path directory;

    @Test
    void bm25ReproducesAnserinisMap() {
        Path out = directory.resolve("cacm-files");
        Path cacm = sharedEval().resolve("cacm");
        Assumptions.assumeTrue(
                Files.isRegularFile(cacm.resolve("cacm.tar.gz")),
                "skipped: the CACM collection is not at " + cacm + " (../shared/eval/cacm beside the repository)");

        EvalRun convert =
                EvalRun.of("convert", "--cacm", cacm.toString(), "--cacm-docids", "files", "--out", out.toString());
        assertThat(convert.exitCode()).as(convert.err()).isZero();
        EvalRun run = EvalRun.of("--beir", out.toString(), "--mode", "bm25", "--k", "1000");

        assertThat(run.exitCode()).as(run.err()).isZero();
        System.out.println("CACM BM25 through the service: " + run.out());
        JsonNode result = run.json();
        assertThat(result.get("documents").asInt()).isEqualTo(3204);
        assertThat(result.get("queries").asInt()).isEqualTo(52);
        assertThat(result.get("map").asDouble()).isCloseTo(ANSERINI_BM25_MAP, within(0.005));
    }

    /** {@code ../shared/eval} from the repository's root: the nearest folder up that holds the root pom. */
    private static Path sharedEval() {
        Path folder = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (folder != null
                && !(Files.isRegularFile(folder.resolve("pom.xml"))
                        && Files.isDirectory(folder.resolve("bootstrap")))) {
            folder = folder.getParent();
        }
        return folder == null
                ? Path.of("../shared/eval")
                : folder.resolveSibling("shared").resolve("eval");
    }
}
