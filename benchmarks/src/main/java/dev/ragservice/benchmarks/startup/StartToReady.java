package dev.ragservice.benchmarks.startup;

import dev.ragservice.benchmarks.DocumentUploads;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Json;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.benchmarks.ServiceJar;
import dev.ragservice.benchmarks.Target;
import dev.ragservice.benchmarks.WorkDirectory;
import dev.ragservice.testsupport.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Time from process start to ready of {@code rag-service.jar} over an index of 10,000 chunks, started
 * several times, and whether ready means able to answer: right after the first 200 of {@code /health/ready}
 * ({@link ServiceProcess#startToReady()}) one uncached question is asked and timed. Baselines of the same run:
 * the service over an empty index, and {@link ModelLoad}, a JVM that only loads MiniLM and embeds one sentence.
 * The three take turns in a rotating order.
 */
public final class StartToReady {

    private final EvalCollections collections;
    private final ServiceJar serviceJar;
    private final int starts;
    private final int chunks;

    /**
     * @param starts how many times each of the three is started
     * @param chunks how many chunks the index holds (at least; documents are not cut)
     */
    public StartToReady(EvalCollections collections, ServiceJar serviceJar, int starts, int chunks) {
        if (starts < 1 || chunks < 1) {
            throw new IllegalArgumentException("starts and chunks must be positive");
        }
        this.collections = collections;
        this.serviceJar = serviceJar;
        this.starts = starts;
        this.chunks = chunks;
    }

    public Report run(String command) {
        String question = collections.queryTexts().getFirst();
        try (WorkDirectory work = WorkDirectory.create("rag-startup-")) {
            Path index = work.folder("index");
            long started = System.nanoTime();
            long indexed;
            try (ServiceProcess service =
                    serviceJar.start(work.folder("ingest"), "DATA_DIR", index.toString(), "LOG_LEVEL", "WARN")) {
                indexed = DocumentUploads.untilChunks(service, collections.documentTexts(), chunks);
                service.terminate(ServiceJar.STOPPING);
            }
            double ingestSeconds = (System.nanoTime() - started) / 1e9;
            List<Series> series = List.of(
                    new Series(
                            String.format(Locale.ROOT, "service over %,d chunks", indexed),
                            run -> startService(work.folder("indexed-" + run), index, question)),
                    new Series(
                            "service over an empty index",
                            run -> startService(work.folder("empty-" + run), work.folder("empty-data"), question)),
                    new Series(
                            "MiniLM alone: a JVM loading LangChain4j's model and embedding one sentence",
                            run -> loadModelAlone()));
            for (int run = 0; run < starts; run++) {
                for (int i = 0; i < series.size(); i++) {
                    Series next = series.get((run + i) % series.size());
                    next.start(run);
                    System.out.printf(
                            Locale.ROOT,
                            "start %d, %s: %.2f s, load average %s%n",
                            run,
                            next.name(),
                            next.last(),
                            Machine.currentLoadAverage());
                }
            }
            Series overIndex = series.get(0);
            Series floor = series.get(2);
            MarkdownTable table = new MarkdownTable(
                    "what",
                    "starts",
                    "start to ready s (median)",
                    "min - max s",
                    "first query ms (median)",
                    "ready / MiniLM alone");
            for (Series each : series) {
                table.row(
                        each.name(),
                        starts,
                        seconds(each.readySeconds().getPercentile(50)),
                        seconds(each.readySeconds().getMin()) + " - "
                                + seconds(each.readySeconds().getMax()),
                        each.firstQueryMillis().getN() == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.0f",
                                        each.firstQueryMillis().getPercentile(50)),
                        seconds(each.readySeconds().getPercentile(50)
                                / floor.readySeconds().getPercentile(50)));
            }
            MarkdownTable targets = Target.table(Target.atMost(
                    String.format(Locale.ROOT, "start to ready over %,d chunks, median s", indexed),
                    overIndex.readySeconds().getPercentile(50),
                    3.0));
            String notes = String.format(
                    Locale.ROOT,
                    "The index: Vaswani abstracts posted to the service until it"
                            + " held %,d chunks (%.0f s), then the service stopped with SIGTERM. Each start: `java"
                            + " -Dai.djl.offline=true -jar bootstrap/target/rag-service.jar` with its defaults (MiniLM,"
                            + " Lucene, in-process cache, extractive answers), `LOG_LEVEL=WARN`, timed from"
                            + " `ProcessBuilder.start()` to the first 200 of `/health/ready` (polled every 10 ms); then one"
                            + " question with `\"use_cache\": false` (must answer 200), then SIGTERM. MiniLM alone: `java"
                            + " -cp benchmarks/target/benchmarks.jar %s`, timed from start to its line saying the"
                            + " sentence is embedded. The three take turns, %d starts each.%n%n%s",
                    indexed,
                    ingestSeconds,
                    ModelLoad.class.getName(),
                    starts,
                    targets);
            return new Report("start-to-ready", command, Machine.current(), table, notes);
        }
    }

    private Start startService(Path workDir, Path dataDir, String question) {
        try (ServiceProcess service = serviceJar.start(workDir, "DATA_DIR", dataDir.toString(), "LOG_LEVEL", "WARN")) {
            long asked = System.nanoTime();
            String answer =
                    service.post("/query", Json.write(Map.of("question", question, "k", 5, "use_cache", false)));
            double firstQueryMillis = (System.nanoTime() - asked) / 1e6;
            if (!Json.read(answer).has("answer")) {
                throw new IllegalStateException("the first query after ready got no answer: " + answer);
            }
            service.terminate(ServiceJar.STOPPING);
            return new Start(service.startToReady().toNanos() / 1e9, firstQueryMillis);
        }
    }

    /** {@link ModelLoad} in a JVM of its own, from start to its line; without a first query. */
    private static Start loadModelAlone() {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dai.djl.offline=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ModelLoad.class.getName())
                .redirectErrorStream(true);
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "TMPDIR", "LANG", "DJL_CACHE_DIR"));
        builder.environment().put("OPT_OUT_TRACKING", "true");
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            try (BufferedReader output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> lines = new ArrayList<>();
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.equals(ModelLoad.DONE)) {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        process.waitFor(30, TimeUnit.SECONDS);
                        return new Start(seconds, Double.NaN);
                    }
                    lines.add(line);
                }
                throw new IllegalStateException("the model did not load:\n" + String.join("\n", lines));
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** One start: seconds to ready, and the first query's milliseconds (NaN when none was asked). */
    private record Start(double readySeconds, double firstQueryMillis) {}

    /** One kind of start, started again and again. */
    private static final class Series {

        private final String name;
        private final IntFunction<Start> starter;
        private final ListStatistics readySeconds = new ListStatistics();
        private final ListStatistics firstQueryMillis = new ListStatistics();
        private double last;

        Series(String name, IntFunction<Start> starter) {
            this.name = name;
            this.starter = starter;
        }

        void start(int run) {
            Start start = starter.apply(run);
            last = start.readySeconds();
            readySeconds.addValue(start.readySeconds());
            if (!Double.isNaN(start.firstQueryMillis())) {
                firstQueryMillis.addValue(start.firstQueryMillis());
            }
        }

        String name() {
            return name;
        }

        double last() {
            return last;
        }

        ListStatistics readySeconds() {
            return readySeconds;
        }

        ListStatistics firstQueryMillis() {
            return firstQueryMillis;
        }
    }
}
