package dev.ragservice.benchmarks.ingest;

import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModel;
import dev.ragservice.benchmarks.DocumentUploads;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.benchmarks.ServiceJar;
import dev.ragservice.benchmarks.Target;
import dev.ragservice.benchmarks.WorkDirectory;
import dev.ragservice.benchmarks.baseline.TutorialPipeline;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.testsupport.ServiceProcess;
import java.util.List;
import java.util.Locale;

/**
 * Chunks/s through {@code POST /documents} of {@code rag-service.jar} (its own process, its defaults: chunking,
 * MiniLM, Lucene upsert and commit) as a ratio to LangChain4j's tutorial way of embedding, one
 * {@code AllMiniLmL6V2EmbeddingModel.embed} call per text, in this JVM. Both get the same texts: the tutorial
 * path embeds exactly the chunks the service makes of the documents (the service's chunker with its defaults, the
 * chunk counts checked against the service's answers), so every text has the same token length on both paths.
 * Rounds alternate which path goes first, over fresh Vaswani abstracts each round.
 */
public final class HttpIngestThroughput {

    static final int DOCUMENTS_PER_CALL = DocumentUploads.TEXTS_PER_REQUEST;
    static final int WARM_UP_ROUNDS = 1;

    private final EvalCollections collections;
    private final ServiceJar serviceJar;
    private final int callsPerRound;
    private final int rounds;

    /**
     * @param callsPerRound {@code POST /documents} of {@value #DOCUMENTS_PER_CALL} texts per round
     * @param rounds        measured rounds, after one warm-up round
     */
    public HttpIngestThroughput(EvalCollections collections, ServiceJar serviceJar, int callsPerRound, int rounds) {
        if (callsPerRound < 1 || rounds < 1) {
            throw new IllegalArgumentException("calls per round and rounds must be positive");
        }
        this.collections = collections;
        this.serviceJar = serviceJar;
        this.callsPerRound = callsPerRound;
        this.rounds = rounds;
    }

    public Report run(String command) {
        List<String> texts = collections.documentTexts();
        RoundRates service = new RoundRates();
        RoundRates tutorial = new RoundRates();
        long chunks = 0;
        try (WorkDirectory work = WorkDirectory.create("rag-ingest-http-");
                ServiceProcess process = serviceJar.start(work.folder("service"), "LOG_LEVEL", "WARN");
                MiniLmEmbeddingModel tokens = new MiniLmEmbeddingModel(1, 1)) {
            Chunker chunker = ServiceChunking.of(tokens);
            TutorialPipeline pipeline = new TutorialPipeline();
            int perRound = DOCUMENTS_PER_CALL * callsPerRound;
            for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                int from = round * perRound;
                int to = from + perRound;
                List<String> chunkTexts = texts.subList(from, to).stream()
                        .flatMap(text -> chunker.split(text).stream())
                        .toList();
                Throughput oneByOne;
                Throughput posted;
                if (round % 2 == 0) {
                    posted = post(process, texts, from, to);
                    oneByOne = embedOneByOne(pipeline, chunkTexts);
                } else {
                    oneByOne = embedOneByOne(pipeline, chunkTexts);
                    posted = post(process, texts, from, to);
                }
                if (posted.chunks() != chunkTexts.size()) {
                    throw new IllegalStateException("the service stored " + posted.chunks() + " chunks, the"
                            + " chunker made " + chunkTexts.size() + ": the two would not embed the same texts");
                }
                System.out.printf(
                        Locale.ROOT,
                        "round %d%s: %d chunks, service %.1f chunks/s, one call per text"
                                + " %.1f chunks/s, load average %s%n",
                        round,
                        round < WARM_UP_ROUNDS ? " (warm-up)" : "",
                        posted.chunks(),
                        posted.perSecond(),
                        oneByOne.perSecond(),
                        Machine.currentLoadAverage());
                if (round >= WARM_UP_ROUNDS) {
                    service.add(posted);
                    tutorial.add(oneByOne);
                    chunks += posted.chunks();
                }
            }
            process.terminate(ServiceJar.STOPPING);
        }
        MarkdownTable table = new MarkdownTable(
                "path",
                "chunks/s (median of " + rounds + " rounds)",
                "rounds min - max chunks/s",
                "ratio to the baseline");
        table.row(
                "LangChain4j tutorial: `AllMiniLmL6V2EmbeddingModel.embed`, one call per chunk text (baseline)",
                RoundRates.format(tutorial.median()),
                tutorial.range(),
                "1.00");
        table.row(
                "service: `POST /documents` of " + DOCUMENTS_PER_CALL + " texts (chunk, embed, Lucene upsert"
                        + " and commit)",
                RoundRates.format(service.median()),
                service.range(),
                String.format(Locale.ROOT, "%.2f", service.median() / tutorial.median()));
        MarkdownTable targets = Target.table(Target.atLeast(
                "service chunks/s / baseline chunks/s (medians)", service.median() / tutorial.median(), 1.5));
        String notes = String.format(
                Locale.ROOT,
                "Text: Vaswani abstracts, %,d chunks measured per path (%d"
                        + " documents per round in %d `POST /documents` of %d; the baseline embeds the same chunks' texts,"
                        + " one call each). Service: `rag-service.jar` with its defaults, `LOG_LEVEL=WARN`, its own"
                        + " process; baseline: this JVM, while the service idles. Per-round ratios: %s.%n%n%s",
                chunks,
                perRound(),
                callsPerRound,
                DOCUMENTS_PER_CALL,
                service.ratiosTo(tutorial),
                targets);
        return new Report("ingest-http", command, Machine.current(), table, notes);
    }

    private int perRound() {
        return DOCUMENTS_PER_CALL * callsPerRound;
    }

    private static Throughput post(ServiceProcess service, List<String> texts, int from, int to) {
        long started = System.nanoTime();
        return Throughput.since(started, DocumentUploads.post(service, texts, from, to));
    }

    private static Throughput embedOneByOne(TutorialPipeline pipeline, List<String> chunkTexts) {
        long started = System.nanoTime();
        chunkTexts.forEach(pipeline::embed);
        return Throughput.since(started, chunkTexts.size());
    }
}
