package dev.ragservice.benchmarks.concurrency;

import dev.ragservice.benchmarks.DocumentUploads;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.benchmarks.ServiceJar;
import dev.ragservice.benchmarks.ServiceTimers;
import dev.ragservice.benchmarks.SyntheticText;
import dev.ragservice.benchmarks.Target;
import dev.ragservice.benchmarks.TimeBreakdown;
import dev.ragservice.benchmarks.WorkDirectory;
import dev.ragservice.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The service in front of a slow model, against the model alone: {@value #CLIENTS} clients asking new questions
 * ({@code POST /query}, every one a cache miss) of {@code rag-service.jar} with OpenAI embeddings and chat from
 * {@link OpenAiStandIn} (embeddings at once, chat after {@value #CHAT_DELAY_MS} ms), and the same clients
 * calling the stand-in's chat endpoint directly. Little's law bounds both at clients / delay = 512 requests/s; the
 * service should lose little of it. Then one client, for what the service adds to a request's latency.
 *
 * <p>The two take turns in slices (the order flips every slice) after a warm-up of each, so the load of other
 * processes falls on both alike; wrk generates the load ({@link Wrk}).
 */
public final class UpstreamConcurrency {

    static final int CLIENTS = 256;
    static final int CHAT_DELAY_MS = 500;
    static final int DOCUMENTS = 1000;
    /** When wrk stops, the service still works through the requests in flight; the next slice waits for that. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final ServiceJar serviceJar;
    private final int seconds;
    private final int slices;
    private final int warmUpSeconds;

    /**
     * @param seconds       length of each slice
     * @param slices        measured slices per path and client count
     * @param warmUpSeconds load on each path before measuring; the service's JIT needs about a minute of it at
     *                      256 clients before its slices stop improving
     */
    public UpstreamConcurrency(ServiceJar serviceJar, int seconds, int slices, int warmUpSeconds) {
        if (seconds < 1 || slices < 1 || warmUpSeconds < 1) {
            throw new IllegalArgumentException("seconds, slices and warm-up must be positive");
        }
        this.serviceJar = serviceJar;
        this.seconds = seconds;
        this.slices = slices;
        this.warmUpSeconds = warmUpSeconds;
    }

    public Report run(String command) {
        Wrk.requireInstalled();
        try (OpenAiStandIn openai = new OpenAiStandIn(Duration.ofMillis(CHAT_DELAY_MS));
                WorkDirectory work = WorkDirectory.create("rag-concurrency-");
                ServiceProcess service = serviceJar.start(
                        work.folder("service"),
                        "OPENAI_API_KEY",
                        "sk-proj-benchmark-0000",
                        "OPENAI_BASE_URL",
                        openai.baseUrl(),
                        "EMBEDDING_PROVIDER",
                        "openai",
                        "LLM_PROVIDER",
                        "openai",
                        "VECTOR_STORE",
                        "lucene",
                        "MAX_CONCURRENT",
                        "512",
                        "MAX_QUEUE",
                        "512",
                        "RATE_LIMIT_ENABLED",
                        "false",
                        "LOG_LEVEL",
                        "WARN")) {
            DocumentUploads.post(service, new SyntheticText(7).paragraphs(DOCUMENTS), 0, DOCUMENTS);
            String query = service.baseUrl() + "/query";
            String chat = openai.chatUrl();
            String embeddings = openai.embeddingsUrl();

            Wrk.run(chat, "chat", CLIENTS, warmUpSeconds);
            Wrk.run(query, "query", CLIENTS, warmUpSeconds);
            openai.awaitQuiet(QUIET);
            TimeBreakdown breakdown = new TimeBreakdown();
            List<Measured> many = slices(
                    openai,
                    service,
                    breakdown,
                    List.of(
                            new Load("stand-in's chat endpoint alone", chat, "chat", CLIENTS),
                            new Load("service `POST /query`", query, "query", CLIENTS)));
            List<Measured> one = slices(
                    openai,
                    service,
                    breakdown,
                    List.of(
                            new Load("stand-in's chat endpoint alone", chat, "chat", 1),
                            new Load("stand-in's embeddings endpoint alone", embeddings, "embeddings", 1),
                            new Load("service `POST /query`", query, "query", 1)));
            service.terminate(ServiceJar.STOPPING);

            MarkdownTable table = new MarkdownTable(
                    "clients",
                    "path",
                    "requests",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "errors",
                    "degraded",
                    "cached",
                    "req/s per slice (load average after it)");
            Stream.concat(many.stream(), one.stream())
                    .forEach(measured -> table.row(
                            measured.load().clients(),
                            measured.load().name(),
                            measured.requests(),
                            decimal(measured.perSecond()),
                            decimal(measured.p50Ms()),
                            decimal(measured.p99Ms()),
                            measured.errors(),
                            measured.degraded(),
                            measured.cached(),
                            measured.slicesDescribed()));
            Measured direct = many.get(0);
            Measured served = many.get(1);
            Measured singleChat = one.get(0);
            Measured singleEmbeddings = one.get(1);
            Measured single = one.get(2);
            double littlesLaw = CLIENTS * 1000.0 / CHAT_DELAY_MS;
            MarkdownTable targets = Target.table(
                    Target.atLeast(
                            "stand-in alone / Little's law (" + decimal(littlesLaw) + " req/s): the"
                                    + " stand-in is no bottleneck",
                            direct.perSecond() / littlesLaw,
                            0.9),
                    Target.atLeast(
                            "service req/s / stand-in alone req/s, " + CLIENTS + " clients",
                            served.perSecond() / direct.perSecond(),
                            0.9),
                    Target.none("errors, " + CLIENTS + " clients", served.errors()),
                    Target.none("degraded answers, " + CLIENTS + " clients", served.degraded()),
                    Target.atMost(
                            "service p50 / model delay, " + CLIENTS + " clients", served.p50Ms() / CHAT_DELAY_MS, 1.1),
                    Target.atMost(
                            "1 client: p50 added over the delays, ms (service p50 - " + CHAT_DELAY_MS + ")",
                            single.p50Ms() - CHAT_DELAY_MS,
                            0.5),
                    Target.atMost(
                            "1 client: p50 added over the stand-in called directly, ms (service p50 -"
                                    + " chat p50 - embeddings p50)",
                            single.p50Ms() - singleChat.p50Ms() - singleEmbeddings.p50Ms(),
                            0.5));
            String notes = String.format(
                    Locale.ROOT,
                    "Service: `rag-service.jar`, OpenAI embeddings and chat"
                            + " from the stand-in (the JDK's HTTP server on virtual threads, on loopback in the benchmark's"
                            + " JVM, OpenAI's wire format: embeddings at once, chat completions after %d ms), Lucene with %,d"
                            + " synthetic paragraphs, `MAX_CONCURRENT=512 MAX_QUEUE=512 RATE_LIMIT_ENABLED=false"
                            + " LOG_LEVEL=WARN`, cache on (every question is new: a miss on every tier). Load: wrk"
                            + " (`wrk -t2 -cN --timeout 60s -s %s`, one thread for one client), each request new"
                            + " (`WRK_KIND=query|chat|embeddings`); the chat requests sent directly are shaped like the"
                            + " service's own (instructions and five sources, about 1.5 KB). %d s of warm-up for each path"
                            + " at %d clients, then %d slices of %d s per path and client count, the paths taking turns"
                            + " in an order that flips every slice. req/s: requests over time of all slices; p50 and p99:"
                            + " the median of the slices' values. Errors: socket errors and answers other than 200."
                            + "%n%n%s%nWhere the service's time went in each of its slices, by its own timers"
                            + " (`rag_*_seconds` of `/metrics`, scraped before and after the slice; the requests wrk left in"
                            + " flight are finished before the second scrape):%n%n%s",
                    CHAT_DELAY_MS,
                    DOCUMENTS,
                    Wrk.SCRIPT,
                    warmUpSeconds,
                    CLIENTS,
                    slices,
                    seconds,
                    targets,
                    breakdown.table());
            return new Report("concurrency", command, Machine.current(), table, notes);
        }
    }

    /**
     * Runs each load once per slice, in an order that rotates, and waits after each for the service to finish
     * what wrk left in flight; answers the loads' results in their order. The service's own timers go into
     * {@code breakdown} for each of its slices.
     */
    private List<Measured> slices(
            OpenAiStandIn openai, ServiceProcess service, TimeBreakdown breakdown, List<Load> loads) {
        List<List<WrkResult>> results = new ArrayList<>();
        loads.forEach(load -> results.add(new ArrayList<>()));
        for (int slice = 0; slice < slices; slice++) {
            for (int i = 0; i < loads.size(); i++) {
                int which = (slice + i) % loads.size();
                Load load = loads.get(which);
                ServiceTimers before = ServiceTimers.scrape(service.baseUrl());
                WrkResult result = Wrk.run(load.url(), load.kind(), load.clients(), seconds);
                System.out.printf(
                        Locale.ROOT,
                        "%d clients, %s: %.1f req/s, p50 %.1f ms, load average %s%n",
                        load.clients(),
                        load.name(),
                        result.perSecond(),
                        result.p50Ms(),
                        result.loadAverage());
                results.get(which).add(result);
                openai.awaitQuiet(QUIET);
                if (load.kind().equals("query")) {
                    breakdown.row(
                            load.clients() + " clients, slice " + (slice + 1),
                            before,
                            ServiceTimers.scrape(service.baseUrl()));
                }
            }
        }
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            measured.add(new Measured(loads.get(i), results.get(i)));
        }
        return measured;
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** One path at one client count. */
    private record Load(String name, String url, String kind, int clients) {}

    /** A load's slices together: requests over the time of all, the median of the slices' percentiles. */
    private record Measured(Load load, List<WrkResult> slices) {

        long requests() {
            return slices.stream().mapToLong(WrkResult::requests).sum();
        }

        double perSecond() {
            return requests() / slices.stream().mapToDouble(WrkResult::seconds).sum();
        }

        double p50Ms() {
            return median(WrkResult::p50Ms);
        }

        double p99Ms() {
            return median(WrkResult::p99Ms);
        }

        long errors() {
            return slices.stream().mapToLong(WrkResult::errors).sum();
        }

        long degraded() {
            return slices.stream().mapToLong(WrkResult::degraded).sum();
        }

        long cached() {
            return slices.stream().mapToLong(WrkResult::cached).sum();
        }

        String slicesDescribed() {
            return slices.stream()
                    .map(slice -> String.format(Locale.ROOT, "%.1f (%s)", slice.perSecond(), slice.loadAverage()))
                    .collect(Collectors.joining("; "));
        }

        private double median(ToDoubleFunction<WrkResult> value) {
            return new ListStatistics(slices.stream().mapToDouble(value).toArray()).getPercentile(50);
        }
    }
}
