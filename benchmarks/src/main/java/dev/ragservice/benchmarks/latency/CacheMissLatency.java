package dev.ragservice.benchmarks.latency;

import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link CacheMissLatencyBenchmark} at 1, 16 and 64 concurrent clients and reports p50/p99 of the total
 * latency and of what the service adds: total minus the fixed upstream delays, and total minus the same client's
 * direct calls to the two upstreams measured in the same run.
 */
public final class CacheMissLatency {

    static final List<Integer> CLIENTS = List.of(1, 16, 64);
    static final int EMBEDDING_DELAY_MS = 20;
    static final int CHAT_DELAY_MS = 100;

    private final int seconds;

    /** @param seconds length of each of the three measurement iterations (the warm-up is one of the same) */
    public CacheMissLatency(int seconds) {
        this.seconds = seconds;
    }

    public Report run(String command) throws RunnerException {
        int delays = EMBEDDING_DELAY_MS + CHAT_DELAY_MS;
        MarkdownTable table = new MarkdownTable(
                "clients",
                "requests measured",
                "p50 total ms",
                "p99 total ms",
                "p50 added ms (total - " + delays + ")",
                "p99 added ms (total - " + delays + ")",
                "upstreams alone p50 / p99 ms",
                "p50 added over upstreams alone ms",
                "service req/s");
        for (int clients : CLIENTS) {
            Collection<RunResult> results = new Runner(new OptionsBuilder()
                            .include(CacheMissLatencyBenchmark.class.getName() + "\\.(query|upstreamsAlone)$")
                            .param("embeddingDelayMs", Integer.toString(EMBEDDING_DELAY_MS))
                            .param("chatDelayMs", Integer.toString(CHAT_DELAY_MS))
                            .threads(clients)
                            .forks(1)
                            .warmupIterations(1)
                            .warmupTime(TimeValue.seconds(seconds))
                            .measurementIterations(3)
                            .measurementTime(TimeValue.seconds(seconds))
                            .jvmArgsAppend("-Dai.djl.offline=true", "-Xss2m")
                            .shouldFailOnError(true)
                            .build())
                    .run();
            Statistics service = statistics(results, "query");
            Statistics direct = statistics(results, "upstreamsAlone");
            double p50 = service.getPercentile(50);
            double p99 = service.getPercentile(99);
            double requestsPerSecond = service.getN() / (3.0 * seconds);
            table.row(
                    clients,
                    service.getN(),
                    ms(p50),
                    ms(p99),
                    ms(p50 - delays),
                    ms(p99 - delays),
                    ms(direct.getPercentile(50)) + " / " + ms(direct.getPercentile(99)),
                    ms(p50 - direct.getPercentile(50)),
                    String.format(Locale.ROOT, "%.0f", requestsPerSecond));
        }
        String notes = "Upstreams: WireMock on loopback speaking OpenAI's wire format, embeddings after "
                + EMBEDDING_DELAY_MS + " ms, chat completions after " + CHAT_DELAY_MS + " ms (text-embedding-3-small"
                + " vectors of 1536 dimensions, base64). Service: the real server in the benchmark's JVM, OpenAI"
                + " adapters, Lucene store with " + CacheMissLatencyBenchmark.DOCUMENTS + " chunks, hybrid"
                + " retrieval, k = 5, `CACHE_ENABLED=false` and `use_cache: false`. Each client (a JMH thread) sends"
                + " its next question as soon as the last one is answered; JMH SampleTime, one warm-up and three"
                + " measured iterations of " + seconds + " s per row. \"Upstreams alone\" is the same client calling"
                + " the two fakes directly, one after the other, in the same run: the fake's and the client's own"
                + " cost, which the column before it also contains.";
        return new Report("cache-miss-latency", command, Machine.current(), table, notes);
    }

    private static Statistics statistics(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + method))
                .getPrimaryResult()
                .getStatistics();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
