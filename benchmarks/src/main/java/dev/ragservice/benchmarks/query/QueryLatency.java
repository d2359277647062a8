package dev.ragservice.benchmarks.query;

import dev.ragservice.benchmarks.DocumentUploads;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Json;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.benchmarks.ServiceJar;
import dev.ragservice.benchmarks.ServiceTimers;
import dev.ragservice.benchmarks.Target;
import dev.ragservice.benchmarks.TimeBreakdown;
import dev.ragservice.benchmarks.WorkDirectory;
import dev.ragservice.benchmarks.baseline.TutorialPipeline;
import dev.ragservice.testsupport.ServiceProcess;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Uncached {@code POST /query} latency against LangChain4j's tutorial pipeline, and at k = 10 against k = 3. The
 * embedded service ({@code rag-service.jar} in its own process: MiniLM, Lucene, hybrid retrieval, extractive
 * answers) and the {@link TutorialPipeline} in this JVM hold the same texts, CACM's abstracts, and answer the same
 * questions, CACM's queries, with {@code "use_cache": false}. Every question goes through the three paths one
 * after the other, in an order that rotates, so a change of load on a shared machine falls on all three alike;
 * the first round warms everything up and is not counted.
 */
public final class QueryLatency {

    private final EvalCollections collections;
    private final ServiceJar serviceJar;
    private final int rounds;

    /** @param rounds measured passes over the questions, after one warm-up pass */
    public QueryLatency(EvalCollections collections, ServiceJar serviceJar, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive");
        }
        this.collections = collections;
        this.serviceJar = serviceJar;
        this.rounds = rounds;
    }

    public Report run(String command) {
        List<String> texts = collections.cacmAbstracts();
        List<String> questions = collections.cacmQueryTexts();
        try (WorkDirectory work = WorkDirectory.create("rag-query-");
                ServiceProcess service = serviceJar.start(work.folder("service"), "LOG_LEVEL", "WARN")) {
            long chunks = DocumentUploads.post(service, texts, 0, texts.size());
            TutorialPipeline tutorial = new TutorialPipeline();
            texts.forEach(tutorial::add);
            TimedPath<?> baseline = new TimedPath<>(
                    "LangChain4j tutorial pipeline (in process)",
                    10,
                    question -> tutorial.search(question, 10),
                    List::size);
            TimedPath<?> serviceAt10 = servicePath(service, 10);
            TimedPath<?> serviceAt3 = servicePath(service, 3);
            List<TimedPath<?>> paths = List.of(baseline, serviceAt10, serviceAt3);
            pass(paths, questions, 0);
            ServiceTimers measuredFrom = ServiceTimers.scrape(service.baseUrl());
            for (int round = 1; round <= rounds; round++) {
                pass(paths, questions, round);
            }
            TimeBreakdown breakdown = new TimeBreakdown()
                    .row(
                            "measured rounds, k = 10 and k = 3 together",
                            measuredFrom,
                            ServiceTimers.scrape(service.baseUrl()));
            service.terminate(ServiceJar.STOPPING);
            MarkdownTable table = new MarkdownTable(
                    "path", "k", "requests", "p50 ms", "p99 ms", "p50 / baseline's", "p99 / baseline's");
            for (TimedPath<?> path : paths) {
                table.row(
                        path.name(),
                        path.k(),
                        path.count(),
                        twoDecimals(path.percentile(50)),
                        twoDecimals(path.percentile(99)),
                        twoDecimals(path.percentile(50) / baseline.percentile(50)),
                        twoDecimals(path.percentile(99) / baseline.percentile(99)));
            }
            MarkdownTable targets = Target.table(
                    Target.atMost(
                            "service k = 10 p50 / baseline p50",
                            serviceAt10.percentile(50) / baseline.percentile(50),
                            0.8),
                    Target.atMost(
                            "service k = 10 p50 / service k = 3 p50",
                            serviceAt10.percentile(50) / serviceAt3.percentile(50),
                            1.3));
            String notes = String.format(
                    Locale.ROOT,
                    "Texts: the %,d CACM abstracts (title and abstract of the"
                            + " pages that have one), %,d chunks in the service, one segment each in the baseline's"
                            + " `InMemoryEmbeddingStore`. Questions: CACM's %d queries, %d measured rounds after one"
                            + " warm-up round, the three paths taking turns per question in a rotating order. Service:"
                            + " `rag-service.jar` with its defaults (MiniLM, Lucene, extractive answers, rate limiter on"
                            + " with limits out of reach), `LOG_LEVEL=WARN`, each request `{\"question\", \"k\","
                            + " \"use_cache\": false}` (hybrid, the default mode) through the JDK's HTTP client on"
                            + " loopback, timed to the last byte of the answer. Baseline: `AllMiniLmL6V2EmbeddingModel`"
                            + " embeds the question, `InMemoryEmbeddingStore.search` finds the 10 nearest, in this JVM."
                            + "%n%n%s%nWhere the service's time went, by its own timers (`rag_*_seconds` of `/metrics`,"
                            + " scraped before and after the measured rounds):%n%n%s",
                    texts.size(),
                    chunks,
                    questions.size(),
                    rounds,
                    targets,
                    breakdown.table());
            return new Report("query-latency", command, Machine.current(), table, notes);
        }
    }

    /**
     * Asks every question once through each path, the paths' order rotating from question to question and from
     * round to round; round 0 is the warm-up, which is not measured.
     */
    private void pass(List<TimedPath<?>> paths, List<String> questions, int round) {
        for (int q = 0; q < questions.size(); q++) {
            for (int p = 0; p < paths.size(); p++) {
                paths.get((q + round + p) % paths.size()).ask(questions.get(q), round > 0);
            }
        }
        System.out.printf(
                Locale.ROOT, "round %d of %d done, load average %s%n", round, rounds, Machine.currentLoadAverage());
    }

    private static TimedPath<String> servicePath(ServiceProcess service, int k) {
        return new TimedPath<>(
                "service, hybrid (HTTP)",
                k,
                question ->
                        service.post("/query", Json.write(Map.of("question", question, "k", k, "use_cache", false))),
                answer -> Json.read(answer).get("sources").size());
    }

    private static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
