package dev.ragservice.benchmarks.ingest;

import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModel;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.benchmarks.WorkDirectory;
import dev.ragservice.bootstrap.application.Adapters;
import dev.ragservice.bootstrap.application.Application;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestedDocument;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        RoundRates rawRates = new RoundRates();
        RoundRates ingestRates = new RoundRates();
        long chunks = 0;
        try (WorkDirectory work = WorkDirectory.create("rag-ingest-");
                MiniLmEmbeddingModel model =
                        new MiniLmEmbeddingModel(16, Runtime.getRuntime().availableProcessors());
                Application application = Application.create(
                        Settings.from(Map.of(
                                "DATA_DIR", work.folder("data").toString(),
                                "EMBEDDING_PROVIDER", "local",
                                "VECTOR_STORE", "lucene",
                                "LLM_PROVIDER", Adapters.EXTRACTIVE,
                                "CACHE_BACKEND", "memory",
                                "CACHE_ENABLED", "false")),
                        new RagMetrics())) {
            // The same model as the service's (EMBEDDING_BATCH_SIZE and EMBEDDING_THREADS at their defaults), called
            // directly, and the service's chunking.
            Chunker chunker = ServiceChunking.of(model);
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
                Throughput raw;
                Throughput ingested;
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
                System.out.printf(
                        Locale.ROOT,
                        "round %d%s: %d chunks, raw %.1f chunks/s, ingest %.1f chunks/s%n",
                        round,
                        round < WARM_UP_ROUNDS ? " (warm-up)" : "",
                        expected,
                        raw.perSecond(),
                        ingested.perSecond());
                if (round >= WARM_UP_ROUNDS) {
                    rawRates.add(raw);
                    ingestRates.add(ingested);
                    chunks += expected;
                }
            }
        }
        double raw = rawRates.median();
        double ingest = ingestRates.median();
        MarkdownTable table = new MarkdownTable(
                "path",
                "chunks/s (median of " + rounds + " rounds)",
                "rounds min-max chunks/s",
                "ratio to raw embedding");
        table.row("`EmbeddingModel.embedAll` (MiniLM, raw)", RoundRates.format(raw), rawRates.range(), "1.00");
        table.row(
                "`IngestDocuments.ingest` (chunk, embed, Lucene upsert and commit)",
                RoundRates.format(ingest),
                ingestRates.range(),
                String.format(Locale.ROOT, "%.2f", ingest / raw));
        String notes = String.format(
                Locale.ROOT,
                "Text: Vaswani abstracts, %d chunks measured per path (%d"
                        + " documents per round in %d calls of %d, like %d `POST /documents` of %d texts; the raw path"
                        + " embeds the same chunk texts in the same groups). One model instance (batch 16, ONNX threads ="
                        + " cores) serves both; rounds alternate which path goes first. Per-round ratios: %s.",
                chunks,
                perRoundDocuments(),
                callsPerRound,
                DOCUMENTS_PER_CALL,
                callsPerRound,
                DOCUMENTS_PER_CALL,
                ingestRates.ratiosTo(rawRates));
        return new Report("ingest-throughput", command, Machine.current(), table, notes);
    }

    private int perRoundDocuments() {
        return DOCUMENTS_PER_CALL * callsPerRound;
    }

    private static Throughput embed(EmbeddingModel model, List<List<String>> calls) {
        long started = System.nanoTime();
        long count = 0;
        for (List<String> texts : calls) {
            count += model.embedAll(texts, Deadline.after(Duration.ofHours(1))).size();
        }
        return Throughput.since(started, count);
    }

    private static Throughput ingest(Application application, List<List<Document>> calls) {
        long started = System.nanoTime();
        long count = 0;
        for (List<Document> documents : calls) {
            for (IngestedDocument document : application
                    .ingest()
                    .ingest(new IngestCommand("bench", documents, RequestContext.internal(Duration.ofHours(1))))) {
                count += document.chunks();
            }
        }
        return Throughput.since(started, count);
    }
}
