package dev.ragservice.benchmarks.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragservice.benchmarks.SyntheticText;
import dev.ragservice.bootstrap.RagServer;
import dev.ragservice.bootstrap.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code POST /query} on a cache miss, end to end over loopback HTTP: the real server (OpenAI adapters, Lucene
 * store, cache off) in front of {@link SimulatedOpenAi}. Each JMH thread is one client sending its next request as
 * soon as the last one answered, so the thread count is the number of concurrent clients.
 *
 * <p>{@link #query} is the service; {@link #upstreamsAlone} is the baseline of the same run: the same client
 * calling the two simulated upstreams itself, one after the other, as the service does. What the service adds is
 * the difference, and the baseline shows how much of it the fake and the client cost by themselves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CacheMissLatencyBenchmark {

    static final int DOCUMENTS = 1000;
    static final int QUESTIONS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Param("20")
    public int embeddingDelayMs;

    @Param("100")
    public int chatDelayMs;

    private SimulatedOpenAi openai;
    private RagServer server;
    private Path dataDir;
    private HttpClient client;
    private URI queryUri;
    private URI embeddingsUri;
    private URI chatUri;
    private List<String> queryBodies;
    private List<String> embeddingBodies;
    private String chatBody;
    private final AtomicInteger next = new AtomicInteger();

    @Setup
    public void start() throws IOException, InterruptedException {
        // One log line per request would measure the console; warnings still show.
        Logger.getLogger("").setLevel(Level.WARNING);
        openai = new SimulatedOpenAi(embeddingDelayMs, chatDelayMs);
        dataDir = Files.createTempDirectory("rag-latency-");
        server = RagServer.start(Settings.from(Map.of(
                "HOST", "127.0.0.1",
                "PORT", "0",
                "DATA_DIR", dataDir.toString(),
                "OPENAI_API_KEY", "sk-proj-benchmark-0000",
                "OPENAI_BASE_URL", openai.baseUrl(),
                "VECTOR_STORE", "lucene",
                "CACHE_ENABLED", "false",
                // The limiter runs (its cost is the service's) but one client's load never hits it.
                "RATE_LIMIT_RPM", "1000000000",
                "RATE_LIMIT_BURST", "1000000000",
                "LOG_LEVEL", "WARN")));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + server.port();
        queryUri = URI.create(base + "/query");
        embeddingsUri = URI.create(openai.baseUrl() + SimulatedOpenAi.EMBEDDINGS.substring("/v1".length()));
        chatUri = URI.create(openai.baseUrl() + SimulatedOpenAi.CHAT.substring("/v1".length()));

        SyntheticText text = new SyntheticText(7);
        List<String> documents = text.paragraphs(DOCUMENTS);
        for (int from = 0; from < DOCUMENTS; from += 100) {
            expectOk(send(
                    URI.create(base + "/documents"),
                    JSON.writeValueAsString(Map.of("texts", documents.subList(from, from + 100)))));
        }
        List<String> questions =
                Stream.generate(text::question).limit(QUESTIONS).toList();
        queryBodies = questions.stream()
                .map(question -> json(Map.of("question", question, "k", 5, "use_cache", false)))
                .toList();
        embeddingBodies = questions.stream()
                .map(question -> json(Map.of(
                        "model", "text-embedding-3-small", "input", List.of(question), "encoding_format", "base64")))
                .toList();
        chatBody = json(Map.of(
                "model",
                "gpt-4o-mini",
                "max_completion_tokens",
                2000,
                "messages",
                List.of(
                        Map.of(
                                "role",
                                "system",
                                "content",
                                "Answer from the numbered sources. " + documents.getFirst()),
                        Map.of("role", "user", "content", questions.getFirst()))));
        expectOk(send(queryUri, queryBodies.getFirst()));
    }

    @Benchmark
    public int query() throws IOException, InterruptedException {
        return expectOk(send(queryUri, queryBodies.get(Math.floorMod(next.getAndIncrement(), QUESTIONS))));
    }

    @Benchmark
    public int upstreamsAlone() throws IOException, InterruptedException {
        int i = Math.floorMod(next.getAndIncrement(), QUESTIONS);
        expectOk(send(embeddingsUri, embeddingBodies.get(i)));
        return expectOk(send(chatUri, chatBody));
    }

    @TearDown
    public void stop() throws IOException {
        server.close();
        openai.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private HttpResponse<String> send(URI uri, String body) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer sk-proj-benchmark-0000")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A failing request must stop the benchmark: a fast error would look like a fast answer. */
    private static int expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
