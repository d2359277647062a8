package dev.ragservice.benchmarks.memory;

import dev.ragservice.benchmarks.DocumentUploads;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Json;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.benchmarks.WorkDirectory;
import dev.ragservice.testsupport.ResidentMemory;
import dev.ragservice.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resident memory of the embedded service (MiniLM, Lucene, in-process cache) with 10k chunks, and its time from
 * process start to ready: {@code rag-service.jar} started empty, 10,000+ chunks of Vaswani abstracts ingested over
 * HTTP, queries asked, then restarted over the same index. Run with the JVM's default heap (a quarter of the RAM)
 * and, if asked, with other options too (a capped heap: a JVM grows its heap into whatever it is allowed).
 */
public final class ServiceFootprint {

    static final int CHUNKS = 10_000;
    static final int QUERIES = 200;

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

    public Report run(String command) {
        if (!Files.isRegularFile(serviceJar)) {
            throw new IllegalStateException(serviceJar + " is missing: build it first (mvn -B -q package -DskipTests)");
        }
        List<String> texts = collections.documentTexts();
        List<String> questions = collections.queryTexts();
        MarkdownTable table = new MarkdownTable("JVM options", "phase", "start to ready s", "RSS MiB", "peak RSS MiB");
        try (WorkDirectory work = WorkDirectory.create("rag-footprint-")) {
            for (List<String> options : jvmOptions) {
                String label = options.isEmpty() ? "(defaults)" : "`" + String.join(" ", options) + "`";
                Path dataDir = work.folder("data-" + options.size());
                long chunks;
                try (ServiceProcess service = ServiceProcess.fromJar(
                        work.folder("service-" + options.size()),
                        serviceJar,
                        options,
                        "DATA_DIR",
                        dataDir.toString(),
                        "LOG_LEVEL",
                        "WARN")) {
                    table.row(
                            label,
                            "started, empty index",
                            seconds(service),
                            mib(service.memory().rssMiB()),
                            mib(service.memory().peakMiB()));
                    long started = System.nanoTime();
                    chunks = DocumentUploads.untilChunks(service, texts, CHUNKS);
                    double ingestSeconds = (System.nanoTime() - started) / 1e9;
                    ResidentMemory ingested = service.memory();
                    table.row(
                            label,
                            String.format(
                                    Locale.ROOT,
                                    "%,d chunks ingested over HTTP (%.0f s, %.0f" + " chunks/s)",
                                    chunks,
                                    ingestSeconds,
                                    chunks / ingestSeconds),
                            "",
                            mib(ingested.rssMiB()),
                            mib(ingested.peakMiB()));
                    ask(service, questions);
                    ResidentMemory asked = service.memory();
                    table.row(
                            label,
                            "then " + QUERIES + " uncached queries",
                            "",
                            mib(asked.rssMiB()),
                            mib(asked.peakMiB()));
                    service.terminate(Duration.ofSeconds(30));
                }
                try (ServiceProcess service = ServiceProcess.fromJar(
                        work.folder("restart-" + options.size()),
                        serviceJar,
                        options,
                        "DATA_DIR",
                        dataDir.toString(),
                        "LOG_LEVEL",
                        "WARN")) {
                    table.row(
                            label,
                            String.format(Locale.ROOT, "restarted over the %,d chunks", chunks),
                            seconds(service),
                            mib(service.memory().rssMiB()),
                            mib(service.memory().peakMiB()));
                    ask(service, questions);
                    ResidentMemory asked = service.memory();
                    table.row(
                            label,
                            "then " + QUERIES + " uncached queries",
                            "",
                            mib(asked.rssMiB()),
                            mib(asked.peakMiB()));
                }
            }
        }
        String notes = "The service: `java -Dai.djl.offline=true [options] -jar bootstrap/target/rag-service.jar`"
                + " with its defaults (MiniLM embeddings, Lucene, in-process cache, extractive answers), logging at"
                + " WARN. Start to ready: from `ProcessBuilder.start()` to the first 200 of `/health/ready`, polled"
                + " every 10 ms. RSS and peak: `VmRSS` and `VmHWM` of `/proc/<pid>/status`. Ingest: Vaswani"
                + " abstracts, " + DocumentUploads.TEXTS_PER_REQUEST + " texts per `POST /documents`, until at least "
                + CHUNKS
                + " chunks; queries: the Vaswani and CACM query texts with `\"use_cache\": false`, one at a time.";
        return new Report("service-footprint", command, Machine.current(), table, notes);
    }

    private static void ask(ServiceProcess service, List<String> questions) {
        for (int i = 0; i < QUERIES; i++) {
            service.post(
                    "/query",
                    Json.write(Map.of("question", questions.get(i % questions.size()), "k", 5, "use_cache", false)));
        }
    }

    private static String seconds(ServiceProcess service) {
        return String.format(Locale.ROOT, "%.2f", service.startToReady().toMillis() / 1000.0);
    }

    private static String mib(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
