package dev.ragservice.benchmarks;

import dev.ragservice.benchmarks.concurrency.UpstreamConcurrency;
import dev.ragservice.benchmarks.ingest.HttpIngestThroughput;
import dev.ragservice.benchmarks.ingest.IngestThroughput;
import dev.ragservice.benchmarks.latency.CacheMissLatency;
import dev.ragservice.benchmarks.memory.ServiceFootprint;
import dev.ragservice.benchmarks.query.QueryLatency;
import dev.ragservice.benchmarks.startup.StartToReady;
import dev.ragservice.benchmarks.vectors.VectorSearch;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar NAME}, from the repository's root: runs one benchmark and
 * prints its section for docs/benchmarks.md (also written to {@code benchmarks/target/results/NAME.md}).
 *
 * <pre>
 * latency   service-added latency on a cache miss, OpenAI simulated at fixed delays, 1/16/64 clients
 * ingest    ingest throughput in chunks/s as a ratio to the raw embedding model, same JVM
 * vectors   Lucene vector search: recall@10 and queries/s against an exact scan, 10k/100k random and real
 * memory    resident memory of the embedded service with 10k chunks, and time from start to ready
 * query        uncached POST /query, k = 10 and k = 3, against LangChain4j's tutorial pipeline (issue 13)
 * concurrency  256 clients through the service against the same clients calling a slow model directly; 1 client
 * startup      start to ready over 10k chunks, several starts, against MiniLM loading alone
 * ingest-http  chunks/s through POST /documents against LangChain4j's one embed call per text
 * </pre>
 *
 * Benchmarks needing real text read the collections in {@code ../shared/eval} (or {@code -Deval.dir=DIR}). Sizes:
 * {@code -Dseconds=5} (latency iterations), {@code -Dcalls=4 -Drounds=6} (ingest: calls of 100 documents per
 * round, measured rounds), {@code -Dreal=10000} (vectors: real texts to embed), {@code -Djvm.options=-Xmx512m}
 * (memory: a second run of the service with these JVM options; several sets separated by {@code |}),
 * {@code -Dquery.rounds=10}, {@code -Dconcurrency.seconds=20 -Dconcurrency.slices=3}, {@code -Dstartup.starts=5 -Dstartup.chunks=10000},
 * {@code -Dcalls=2 -Drounds=5} (ingest-http). {@code -Dservice.options="..."} passes JVM options to the service's
 * process in query, concurrency, startup and ingest-http (a flight recording, for instance).
 */
public final class Benchmarks {

    static final Path RESULTS = Path.of("benchmarks", "target", "results");

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        if (args.length != 1) {
            usage();
            return;
        }
        String command = "java " + String.join(" ", options()) + (options().isEmpty() ? "" : " ")
                + "-jar benchmarks/target/benchmarks.jar " + args[0];
        String loadBefore = Machine.currentLoadAverage();
        Report report = switch (args[0]) {
            case "latency" -> new CacheMissLatency(Integer.getInteger("seconds", 5)).run(command);
            case "ingest" ->
                new IngestThroughput(
                                EvalCollections.locate(),
                                Integer.getInteger("calls", 4),
                                Integer.getInteger("rounds", 6))
                        .run(command);
            case "vectors" ->
                new VectorSearch(
                                EvalCollections.locate(),
                                Path.of("benchmarks", "target", "vector-data"),
                                List.of(10_000, 100_000),
                                Integer.getInteger("real", 10_000))
                        .run(command);
            case "memory" ->
                new ServiceFootprint(
                                EvalCollections.locate(),
                                Path.of("bootstrap", "target", "rag-service.jar"),
                                jvmOptionSets())
                        .run(command);
            case "query" ->
                new QueryLatency(
                                EvalCollections.locate(),
                                ServiceJar.fromBuild(),
                                Integer.getInteger("query.rounds", 10))
                        .run(command);
            case "concurrency" ->
                new UpstreamConcurrency(
                                ServiceJar.fromBuild(),
                                Integer.getInteger("concurrency.seconds", 20),
                                Integer.getInteger("concurrency.slices", 3),
                                Integer.getInteger("concurrency.warmup", 10))
                        .run(command);
            case "startup" ->
                new StartToReady(
                                EvalCollections.locate(),
                                ServiceJar.fromBuild(),
                                Integer.getInteger("startup.starts", 5),
                                Integer.getInteger("startup.chunks", 10_000))
                        .run(command);
            case "ingest-http" ->
                new HttpIngestThroughput(
                                EvalCollections.locate(),
                                ServiceJar.fromBuild(),
                                Integer.getInteger("calls", 2),
                                Integer.getInteger("rounds", 5))
                        .run(command);
            default -> {
                usage();
                yield null;
            }
        };
        if (report != null) {
            report.startedAt(loadBefore).publish(RESULTS);
        }
    }

    /** The {@code -D} settings this run was given, so the printed command repeats it exactly. */
    private static List<String> options() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("-D"))
                .toList();
    }

    /** The defaults, then each {@code |}-separated entry of {@code -Djvm.options}, e.g. {@code -Xmx512m}. */
    private static List<List<String>> jvmOptionSets() {
        List<List<String>> sets = new ArrayList<>();
        sets.add(List.of());
        String extra = System.getProperty("jvm.options", "");
        for (String set : extra.split("\\|")) {
            if (!set.isBlank()) {
                sets.add(List.of(set.trim().split("\\s+")));
            }
        }
        return sets;
    }

    private static void usage() {
        System.err.println("usage: java -jar benchmarks/target/benchmarks.jar"
                + " latency|ingest|vectors|memory|query|concurrency|startup|ingest-http (from the repository's root)");
        System.exit(2);
    }
}
