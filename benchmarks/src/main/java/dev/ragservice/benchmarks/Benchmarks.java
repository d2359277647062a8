package dev.ragservice.benchmarks;

import dev.ragservice.benchmarks.ingest.IngestThroughput;
import dev.ragservice.benchmarks.latency.CacheMissLatency;
import dev.ragservice.benchmarks.memory.ServiceFootprint;
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
 * </pre>
 *
 * Benchmarks needing real text read the collections in {@code ../shared/eval} (or {@code -Deval.dir=DIR}). Sizes:
 * {@code -Dseconds=5} (latency iterations), {@code -Dcalls=4 -Drounds=6} (ingest: calls of 100 documents per
 * round, measured rounds), {@code -Dreal=10000} (vectors: real texts to embed), {@code -Djvm.options=-Xmx512m}
 * (memory: a second run of the service with these JVM options; several sets separated by {@code |}).
 */
public final class Benchmarks {

    static final Path RESULTS = Path.of("benchmarks", "target", "results");

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        if (args.length != 1) {
            usage();
            return;
        }
        String command = "java " + String.join(" ", options()) + (options().isEmpty() ? "" : " ")
                + "-jar benchmarks/target/benchmarks.jar " + args[0];
        Report report = switch (args[0]) {
            case "latency" -> new CacheMissLatency(Integer.getInteger("seconds", 5)).run(command);
            case "ingest" -> new IngestThroughput(EvalCollections.locate(), Integer.getInteger("calls", 4),
                    Integer.getInteger("rounds", 6)).run(command);
            case "vectors" -> new VectorSearch(EvalCollections.locate(), Path.of("benchmarks", "target", "vector-data"),
                    List.of(10_000, 100_000), Integer.getInteger("real", 10_000)).run(command);
            case "memory" -> new ServiceFootprint(EvalCollections.locate(),
                    Path.of("bootstrap", "target", "rag-service.jar"), jvmOptionSets()).run(command);
            default -> {
                usage();
                yield null;
            }
        };
        if (report != null) {
            report.publish(RESULTS);
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
        System.err.println("usage: java -jar benchmarks/target/benchmarks.jar latency|ingest|vectors|memory"
                + " (from the repository's root)");
        System.exit(2);
    }
}
