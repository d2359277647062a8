package dev.ragservice.benchmarks.ingest;

import java.time.Duration;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.ports.Deadline;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModel;
import dev.ragservice.bootstrap.application.Adapters;
import dev.ragservice.bootstrap.application.Application;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.ChunkingPolicy;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.domain.ingest.IngestedDocument;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ingest throughput in chunks per second through the service's ingestion ({@code IngestDocuments}: chunking,
 * all-MiniLM-L6-v2, the Lucene store, as {@code POST /documents} runs it), as a ratio to the same model instance
 * embedding exactly those chunks' texts with {@code embedAll}, in the same JVM.
 *
 * <p>On a shared machine both rates move with the load; so the two are measured in alternating rounds over fresh
 * slices of Vaswani's abstracts (the order flips every round) and the ratio of medians is reported. Not JMH: a
 * round takes seconds of native ONNX time, where JMH's care for nanosecond effects buys nothing, and JMH would
 * measure the two in different JVMs.
 */
public final class IngestThroughput {

    static final int DOCUMENTS_PER_CALL = 100;
    static final int WARM_UP_ROUNDS = 1;

    private final EvalCollections collections;
    private final int callsPerRound;
    private final int rounds;

    /**
     * @param callsPerRound ingest calls of {@value #DOCUMENTS_PER_CALL} documents per round and path
     * @param rounds        measured rounds, after one warm-up round
     */
    public IngestThroughput(EvalCollections collections, int callsPerRound, int rounds) {
        if (callsPerRound < 1 || rounds < 1) {
            throw new IllegalArgumentException("calls per round and rounds must be positive");
        }
        this.collections = collections;
        this.callsPerRound = callsPerRound;
        this.rounds = rounds;
    }

    public Report run(String command) {
        List<String> texts = collections.documentTexts();
        Path dataDir = temporaryDirectory();
        List<Double> rawRates = new ArrayList<>();
        List<Double> ingestRates = new ArrayList<>();
        long chunks = 0;
        try (MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(16, Runtime.getRuntime().availableProcessors());
             Application application = Application.create(Settings.from(Map.of(
                "DATA_DIR", dataDir.toString(),
                "EMBEDDING_PROVIDER", "local",
                "VECTOR_STORE", "lucene",
                "LLM_PROVIDER", Adapters.EXTRACTIVE,
                "CACHE_BACKEND", "memory",
                "CACHE_ENABLED", "false")), new RagMetrics())) {
            // The same model as the service's (EMBEDDING_BATCH_SIZE and EMBEDDING_THREADS at their defaults), called
            // directly. The service's chunking: the model's window, 16 tokens of overlap (the CHUNK_* defaults).
            int window = model.maxInputTokens();
            Chunker chunker = new Chunker(model::countTokens, new ChunkingPolicy(window, Math.min(16, window / 2 - 1)));
            int perRound = DOCUMENTS_PER_CALL * callsPerRound;
            for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                List<List<Document>> calls = new ArrayList<>();
                List<List<String>> chunkTexts = new ArrayList<>();
                for (int call = 0; call < callsPerRound; call++) {
                    int from = round * perRound + call * DOCUMENTS_PER_CALL;
                    List<Document> documents = new ArrayList<>();
                    List<String> callChunks = new ArrayList<>();
                    for (int i = from; i < from + DOCUMENTS_PER_CALL; i++) {
                        documents.add(new Document("doc-" + i, texts.get(i)));
                        callChunks.addAll(chunker.split(texts.get(i)));
                    }
                    calls.add(documents);
                    chunkTexts.add(callChunks);
                }
                // Alternate the order, so a load change during a round does not always favour the same path.
                Rate raw;
                Rate ingested;
                if (round % 2 == 0) {
                    raw = embed(model, chunkTexts);
                    ingested = ingest(application, calls);
                } else {
                    ingested = ingest(application, calls);
                    raw = embed(model, chunkTexts);
                }
                if (ingested.chunks() != raw.chunks()) {
                    throw new IllegalStateException("ingest stored " + ingested.chunks() + " chunks, the chunker made "
                            + raw.chunks() + ": the two would not measure the same texts");
                }
                long expected = raw.chunks();
                System.out.printf(Locale.ROOT, "round %d%s: %d chunks, raw %.1f chunks/s, ingest %.1f chunks/s%n",
                        round, round < WARM_UP_ROUNDS ? " (warm-up)" : "", expected, raw.perSecond(),
                        ingested.perSecond());
                if (round >= WARM_UP_ROUNDS) {
                    rawRates.add(raw.perSecond());
                    ingestRates.add(ingested.perSecond());
                    chunks += expected;
                }
            }
        } finally {
            deleteRecursively(dataDir);
        }
        double raw = median(rawRates);
        double ingest = median(ingestRates);
        MarkdownTable table = new MarkdownTable("path", "chunks/s (median of " + rounds + " rounds)",
                "rounds min-max chunks/s", "ratio to raw embedding");
        table.row("`EmbeddingModel.embedAll` (MiniLM, raw)", rate(raw), range(rawRates), "1.00");
        table.row("`IngestDocuments.ingest` (chunk, embed, Lucene upsert and commit)", rate(ingest),
                range(ingestRates), String.format(Locale.ROOT, "%.2f", ingest / raw));
        String notes = String.format(Locale.ROOT, "Text: Vaswani abstracts, %d chunks measured per path (%d"
                + " documents per round in %d calls of %d, like %d `POST /documents` of %d texts; the raw path"
                + " embeds the same chunk texts in the same groups). One model instance (batch 16, ONNX threads ="
                + " cores) serves both; rounds alternate which path goes first. Per-round ratios: %s.",
                chunks, perRoundDocuments(), callsPerRound, DOCUMENTS_PER_CALL, callsPerRound,
                DOCUMENTS_PER_CALL, ratios(ingestRates, rawRates));
        return new Report("ingest-throughput", command, Machine.current(), table, notes);
    }

    private int perRoundDocuments() {
        return DOCUMENTS_PER_CALL * callsPerRound;
    }

    private static Rate embed(EmbeddingModel model, List<List<String>> calls) {
        long started = System.nanoTime();
        long count = 0;
        for (List<String> texts : calls) {
            count += model.embedAll(texts, Deadline.after(Duration.ofHours(1))).size();
        }
        return Rate.since(started, count);
    }

    private static Rate ingest(Application application, List<List<Document>> calls) {
        long started = System.nanoTime();
        long count = 0;
        for (List<Document> documents : calls) {
            for (IngestedDocument document : application.ingest().ingest(new IngestCommand("bench", documents, RequestContext.internal(Duration.ofHours(1))))) {
                count += document.chunks();
            }
        }
        return Rate.since(started, count);
    }

    /** Chunks handled and how many per second. */
    private record Rate(long chunks, double perSecond) {

        static Rate since(long startedNanos, long chunks) {
            return new Rate(chunks, chunks / ((System.nanoTime() - startedNanos) / 1e9));
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String range(List<Double> values) {
        return rate(values.stream().mapToDouble(Double::doubleValue).min().orElse(0)) + " - "
                + rate(values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private static String ratios(List<Double> ingest, List<Double> raw) {
        double[] ratios = new double[ingest.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = ingest.get(i) / raw.get(i);
        }
        return String.join(", ", Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("rag-ingest-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
