package dev.ragservice.benchmarks.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.testsupport.ResidentMemory;
import dev.ragservice.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Resident memory of the embedded service (MiniLM, Lucene, in-process cache) with 10k chunks, and its time from
 * process start to ready: {@code rag-service.jar} started empty, 10,000+ chunks of Vaswani abstracts ingested over
 * HTTP, queries asked, then restarted over the same index. Run with the JVM's default heap (a quarter of the RAM)
 * and, if asked, with other options too (a capped heap: a JVM grows its heap into whatever it is allowed).
 */
public final class ServiceFootprint {

    static final int CHUNKS = 10_000;
    static final int TEXTS_PER_REQUEST = 100;
    static final int QUERIES = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvalCollections collections;
    private final Path serviceJar;
    private final List<List<String>> jvmOptions;

    /**
     * @param jvmOptions one run per entry, each with these options for the service's JVM (an empty list: the
     *                   JVM's defaults)
     */
    public ServiceFootprint(EvalCollections collections, Path serviceJar, List<List<String>> jvmOptions) {
        this.collections = collections;
        this.serviceJar = serviceJar;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public Report run(String command) throws IOException {
        if (!Files.isRegularFile(serviceJar)) {
            throw new IllegalStateException(serviceJar + " is missing: build it first (mvn -B -q package -DskipTests)");
        }
        List<String> texts = collections.documentTexts();
        List<String> questions = collections.queryTexts();
        MarkdownTable table = new MarkdownTable("JVM options", "phase", "start to ready s", "RSS MiB",
                "peak RSS MiB");
        Path work = Files.createTempDirectory("rag-footprint-");
        try {
            for (List<String> options : jvmOptions) {
                String label = options.isEmpty() ? "(defaults)" : "`" + String.join(" ", options) + "`";
                Path dataDir = Files.createDirectories(work.resolve("data-" + options.size()));
                long chunks;
                try (ServiceProcess service = ServiceProcess.fromJar(
                        Files.createDirectories(work.resolve("service-" + options.size())), serviceJar, options,
                        "DATA_DIR", dataDir.toString(), "LOG_LEVEL", "WARN")) {
                    table.row(label, "started, empty index", seconds(service), mib(service.memory().rssMiB()),
                            mib(service.memory().peakMiB()));
                    long started = System.nanoTime();
                    chunks = ingest(service, texts);
                    double ingestSeconds = (System.nanoTime() - started) / 1e9;
                    ResidentMemory ingested = service.memory();
                    table.row(label, String.format(Locale.ROOT, "%,d chunks ingested over HTTP (%.0f s, %.0f"
                            + " chunks/s)", chunks, ingestSeconds, chunks / ingestSeconds), "",
                            mib(ingested.rssMiB()), mib(ingested.peakMiB()));
                    ask(service, questions);
                    ResidentMemory asked = service.memory();
                    table.row(label, "then " + QUERIES + " uncached queries", "", mib(asked.rssMiB()),
                            mib(asked.peakMiB()));
                    service.terminate(Duration.ofSeconds(30));
                }
                try (ServiceProcess service = ServiceProcess.fromJar(
                        Files.createDirectories(work.resolve("restart-" + options.size())), serviceJar, options,
                        "DATA_DIR", dataDir.toString(), "LOG_LEVEL", "WARN")) {
                    table.row(label, String.format(Locale.ROOT, "restarted over the %,d chunks", chunks),
                            seconds(service), mib(service.memory().rssMiB()), mib(service.memory().peakMiB()));
                    ask(service, questions);
                    ResidentMemory asked = service.memory();
                    table.row(label, "then " + QUERIES + " uncached queries", "", mib(asked.rssMiB()),
                            mib(asked.peakMiB()));
                }
            }
        } finally {
            deleteRecursively(work);
        }
        String notes = "The service: `java -Dai.djl.offline=true [options] -jar bootstrap/target/rag-service.jar`"
                + " with its defaults (MiniLM embeddings, Lucene, in-process cache, extractive answers), logging at"
                + " WARN. Start to ready: from `ProcessBuilder.start()` to the first 200 of `/health/ready`, polled"
                + " every 10 ms. RSS and peak: `VmRSS` and `VmHWM` of `/proc/<pid>/status`. Ingest: Vaswani"
                + " abstracts, " + TEXTS_PER_REQUEST + " texts per `POST /documents`, until at least " + CHUNKS
                + " chunks; queries: the Vaswani and CACM query texts with `\"use_cache\": false`, one at a time.";
        return new Report("service-footprint", command, Machine.current(), table, notes);
    }

    /**
     * Posts texts until the service holds at least {@link #CHUNKS} chunks; answers how many it holds. Each text
     * gets an id of its own: Vaswani has a few duplicate abstracts, which the service would otherwise refuse in
     * one request (a document without an id is named after its text).
     */
    private static long ingest(ServiceProcess service, List<String> texts) throws IOException {
        long chunks = 0;
        for (int from = 0; chunks < CHUNKS; from += TEXTS_PER_REQUEST) {
            if (from >= texts.size()) {
                throw new IllegalStateException("the collections have fewer than " + CHUNKS + " chunks");
            }
            int to = Math.min(texts.size(), from + TEXTS_PER_REQUEST);
            List<String> ids = IntStream.range(from, to).mapToObj(i -> "doc-" + i).toList();
            String answer = service.post("/documents", JSON.writeValueAsString(Map.of(
                    "texts", texts.subList(from, to), "ids", ids)));
            chunks += JSON.readTree(answer).get("chunks").asLong();
        }
        return chunks;
    }

    private static void ask(ServiceProcess service, List<String> questions) throws IOException {
        for (int i = 0; i < QUERIES; i++) {
            service.post("/query", JSON.writeValueAsString(Map.of(
                    "question", questions.get(i % questions.size()), "k", 5, "use_cache", false)));
        }
    }

    private static String seconds(ServiceProcess service) {
        return String.format(Locale.ROOT, "%.2f", service.startToReady().toMillis() / 1000.0);
    }

    private static String mib(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
