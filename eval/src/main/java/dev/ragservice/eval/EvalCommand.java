package dev.ragservice.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragservice.bootstrap.application.Adapters;
import dev.ragservice.bootstrap.application.Application;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.plugins.StartupException;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code rag-eval}: measures retrieval quality on a test collection in BEIR layout, and
 * {@code rag-eval convert} writes the classic collections in that layout.
 *
 * <pre>
 * rag-eval --beir DIR --mode bm25|dense|hybrid [--k 1000]
 * rag-eval convert (--vaswani DIR | --cacm DIR [--cacm-docids qrels|files]) --out DIR
 * </pre>
 *
 * The command line is declared with picocli's programmatic API rather than its annotations: every option is
 * visible here, and nothing is injected by reflection.
 */
public final class EvalCommand {

    public static final String NAME = "rag-eval";
    /** trec_eval's depth: published MAP is taken over the first 1000 documents. */
    static final int DEFAULT_DEPTH = 1000;

    static final int USAGE_ERROR = 2;
    static final int FAILED = 1;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param environment the service's settings (as for the server); the data folder, cache and answer
     *                    generator are replaced by the evaluation's own
     */
    public EvalCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
    }

    /** {@code java -jar rag-eval.jar ...}: settings come from the environment, as for the service. */
    public static void main(String[] args) {
        // Before any adapter loads: DJL (under the local embedding model) must never phone home.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.exit(new EvalCommand(System.getenv(), System.out, System.err).run(args));
    }

    /** Runs the command; answers the process exit code (0 done, 1 failed, 2 wrong arguments). */
    public int run(String... args) {
        CommandLine commandLine = commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println(e.getMessage());
            e.getCommandLine().usage(err);
            return USAGE_ERROR;
        }
        try {
            if (parsed.hasSubcommand()) {
                ParseResult convert = parsed.subcommand();
                if (convert.isUsageHelpRequested()) {
                    convert.commandSpec().commandLine().usage(out);
                    return 0;
                }
                return convert(convert);
            }
            if (parsed.isUsageHelpRequested()) {
                commandLine.usage(out);
                return 0;
            }
            Path beir = parsed.matchedOptionValue("--beir", null);
            String mode = parsed.matchedOptionValue("--mode", null);
            if (beir == null || mode == null) {
                err.println("eval needs --beir DIR and --mode bm25|dense|hybrid");
                commandLine.usage(err);
                return USAGE_ERROR;
            }
            int depth = parsed.matchedOptionValue("--k", DEFAULT_DEPTH);
            if (depth < 100) {
                // recall@100 over fewer than 100 documents would silently be recall@k.
                err.println("--k must be at least 100, got " + depth);
                return USAGE_ERROR;
            }
            EvalMode evalMode;
            try {
                evalMode = EvalMode.parse(mode);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return USAGE_ERROR;
            }
            return evaluate(beir, evalMode, depth);
        } catch (IllegalArgumentException
                | UncheckedIOException
                | StartupException
                | PluginConfigException
                | DependencyException e) {
            err.println(NAME + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int evaluate(Path beir, EvalMode mode, int depth) {
        BeirCollection collection = new BeirFiles().read(beir);
        Path dataDir = createTempDirectory();
        // An interrupted run (Ctrl-C) would otherwise leave a temporary index of some hundred megabytes behind.
        Thread cleanup = new Thread(() -> deleteRecursively(dataDir), "eval-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Map<String, String> settings = new HashMap<>(environment);
            // A fresh index of its own, so BM25's statistics are the collection's and nothing else's; no cache,
            // so every query is searched; no language model, which retrieval never calls.
            settings.put("DATA_DIR", dataDir.toString());
            settings.put("CACHE_ENABLED", "false");
            settings.put("CACHE_BACKEND", "memory");
            settings.put("LLM_PROVIDER", Adapters.EXTRACTIVE);
            // A batch of a whole collection is not a request: only the adapters' own timeouts bound it.
            settings.putIfAbsent(
                    "EMBEDDING_TIMEOUT_MS", Long.toString(Duration.ofHours(1).toMillis()));
            settings.putIfAbsent(
                    "VECTOR_STORE_TIMEOUT_MS", Long.toString(Duration.ofHours(1).toMillis()));
            try (Application application = Application.create(Settings.from(settings), new RagMetrics())) {
                RetrievalEvaluation evaluation =
                        new RetrievalEvaluation(application.ingest(), application.retriever(), err);
                IngestSummary ingested = evaluation.ingest(collection);
                EvaluationReport report = evaluation.evaluate(collection, ingested, mode, depth);
                report.lines().forEach(out::println);
                out.println(toJson(report.jsonFields()));
                out.flush();
                return 0;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it deletes the folder.
            }
            deleteRecursively(dataDir);
        }
    }

    private int convert(ParseResult parsed) {
        Path vaswani = parsed.matchedOptionValue("--vaswani", null);
        Path cacm = parsed.matchedOptionValue("--cacm", null);
        Path target = parsed.matchedOptionValue("--out", null);
        String idsOption = parsed.matchedOptionValue("--cacm-docids", null);
        if (idsOption != null && cacm == null) {
            err.println("--cacm-docids applies to --cacm only");
            return USAGE_ERROR;
        }
        CacmDocumentIds ids;
        try {
            ids = idsOption == null ? CacmDocumentIds.QRELS : CacmDocumentIds.parse(idsOption);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE_ERROR;
        }
        BeirCollection collection =
                vaswani != null ? new VaswaniConverter().convert(vaswani) : new CacmConverter(ids).convert(cacm);
        new BeirFiles().write(collection, target);
        Set<String> documentIds = new HashSet<>();
        collection.corpus().forEach(document -> documentIds.add(document.id()));
        long unmatched = collection.qrels().byQuery().values().stream()
                .flatMap(judged -> judged.keySet().stream())
                .filter(id -> !documentIds.contains(id))
                .count();
        long judgedQueries = collection.queries().stream()
                .filter(query -> collection.qrels().hasRelevant(query.id()))
                .count();
        out.println("wrote " + collection.name() + " to " + target + ": "
                + collection.corpus().size()
                + " documents, " + collection.queries().size() + " queries (" + judgedQueries
                + " with a relevant judged document), " + collection.qrels().size() + " judgments"
                + (unmatched == 0 ? "" : " (" + unmatched + " of them name no document of the corpus)"));
        return 0;
    }

    private static CommandLine commandLine() {
        CommandSpec eval = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
        eval.usageMessage()
                .description(
                        "Ingests a BEIR collection into a fresh temporary index through the service's ingestion, ranks "
                                + "every judged query through its retrieval, and prints nDCG@10, recall@10, recall@100 "
                                + "and MAP; the last line is JSON.");
        eval.addOption(OptionSpec.builder("--beir")
                .paramLabel("DIR")
                .type(Path.class)
                .description("folder with corpus.jsonl, queries.jsonl and qrels/test.tsv")
                .build());
        eval.addOption(OptionSpec.builder("--mode")
                .paramLabel("bm25|dense|hybrid")
                .type(String.class)
                .description("bm25: keyword search; dense: vector search; hybrid: both, fused")
                .build());
        eval.addOption(OptionSpec.builder("--k")
                .paramLabel("N")
                .type(Integer.class)
                .description("documents ranked per query, the depth of MAP (default " + DEFAULT_DEPTH
                        + ", as trec_eval; at least 100)")
                .build());

        CommandSpec convert = CommandSpec.create().name("convert").mixinStandardHelpOptions(true);
        convert.usageMessage().description("Writes a classic test collection in BEIR layout.");
        convert.addArgGroup(ArgGroupSpec.builder()
                .exclusive(true)
                .multiplicity("1")
                .addArg(OptionSpec.builder("--vaswani")
                        .paramLabel("DIR")
                        .type(Path.class)
                        .description("Vaswani/NPL in TREC format: doc-text.trec, query-text.trec, qrels")
                        .build())
                .addArg(OptionSpec.builder("--cacm")
                        .paramLabel("DIR")
                        .type(Path.class)
                        .description("CACM as Anserini ships it: cacm.tar.gz, topics.cacm.txt, qrels.cacm.txt")
                        .build())
                .build());
        convert.addOption(OptionSpec.builder("--cacm-docids")
                .paramLabel("qrels|files")
                .type(String.class)
                .description("qrels (default): ids as the judgments spell them, CACM-115; files: as the file "
                        + "names and Anserini, CACM-0115, which leaves 55 judgments without a document")
                .build());
        convert.addOption(OptionSpec.builder("--out")
                .paramLabel("DIR")
                .type(Path.class)
                .required(true)
                .description("folder to write the collection to")
                .build());
        eval.addSubcommand("convert", new CommandLine(convert));
        return new CommandLine(eval);
    }

    private String toJson(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers and strings always serialise", e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("rag-eval-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data folder: " + e.getMessage(), e);
        }
    }

    private void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            err.println("could not delete the temporary index " + directory + ": " + e.getMessage());
        }
    }
}
