package dev.ragservice.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.ragservice.adapters.openai.EmbeddingsEndpoint;
import dev.ragservice.adapters.openai.OpenAiWire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with its chat model (and, for the bulkhead, its embedding model) behind WireMock speaking
 * OpenAI's wire format, and faults injected there: server errors open the breaker and answers turn degraded
 * without calling the model; after the breaker's delay successes close it; a 429's Retry-After is waited out when
 * the deadline allows it; a slow model hits its timeout; the bulkhead refuses what exceeds its slots and queue.
 */
class FaultToleranceTest {

    static final String CHAT = "/v1/chat/completions";
    static final String EMBEDDINGS = "/v1/embeddings";
    static final String MODEL_ANSWER = "Fresnel invented it in 1822 [1].";
    static final String QUESTION = "Who invented the lens used in lighthouses?";

    @TempDir
    Path dataDir;

    WireMockServer openai;
    RagServer server;
    TestClient client;

    @BeforeEach
    void startOpenAi() {
        openai = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(new EmbeddingsEndpoint()));
        openai.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        openai.stop();
    }

    /** Local embeddings and Lucene; only the chat model is remote. */
    void startServer(String... settings) {
        List<String> environment = new ArrayList<>(List.of(
                "OPENAI_API_KEY", "sk-test-fault-tolerance",
                "OPENAI_BASE_URL", openai.baseUrl() + "/v1",
                "EMBEDDING_PROVIDER", "local",
                "LLM_PROVIDER", "openai",
                "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3",
                "CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "2",
                "CIRCUIT_BREAKER_DELAY_MS", "1500",
                "RETRY_MAX_ATTEMPTS", "1"));
        environment.addAll(List.of(settings));
        server = TestServers.start(dataDir, environment.toArray(String[]::new));
        client = new TestClient(server.port());
        TestClient.Reply ingested = client.postJson(
                "/documents",
                Map.of(
                        "texts", List.of(SampleTexts.LIGHTHOUSE, SampleTexts.SOURDOUGH, SampleTexts.VOLCANO),
                        "ids", List.of("lighthouse", "sourdough", "volcano")));
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
    }

    @Test
    void serverErrorsOpenTheBreakerThenAnswersAreDegradedUntilSuccessesCloseIt() {
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.error("The server had an error", "server_error", null))));
        startServer();

        for (int i = 0; i < 3; i++) {
            JsonNode answer = query(QUESTION);
            assertThat(answer.get("degraded").asBoolean()).isTrue();
            assertThat(answer.get("model").asText()).isEqualTo("extractive");
            assertThat(answer.get("answer").asText()).contains("Fresnel").contains("[1]");
        }
        assertThat(chatCalls()).isEqualTo(3);
        JsonNode breaker = client.get("/status").json().get("circuit_breakers").get("llm");
        assertThat(breaker.get("state").asText()).isEqualTo("open");
        assertThat(breaker.get("failures").asLong()).isEqualTo(3);
        assertThat(breaker.get("next_attempt_at").asText()).isNotEmpty();
        assertThat(metric("rag_circuit_breaker_state", "name=\"llm\"")).isEqualTo(1.0);

        // Open: answered degraded at once, the model is not called, and the pod stays ready.
        assertThat(query(QUESTION).get("degraded").asBoolean()).isTrue();
        assertThat(chatCalls()).isEqualTo(3);
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
        assertThat(client.get("/status")
                        .json()
                        .get("circuit_breakers")
                        .get("llm")
                        .get("rejected")
                        .asLong())
                .isEqualTo(1);

        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(OpenAiWire.chatCompletion(MODEL_ANSWER, "gpt-4o-mini-2024-07-18", 100, 10))));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.get("/status")
                        .json()
                        .get("circuit_breakers")
                        .get("llm")
                        .get("state")
                        .asText()
                        .equals("half_open"));
        JsonNode first = query(QUESTION);
        JsonNode second = query(QUESTION);

        assertThat(first.get("degraded").asBoolean()).isFalse();
        assertThat(first.get("answer").asText()).isEqualTo(MODEL_ANSWER);
        assertThat(second.get("answer").asText()).isEqualTo(MODEL_ANSWER);
        assertThat(client.get("/status")
                        .json()
                        .get("circuit_breakers")
                        .get("llm")
                        .get("state")
                        .asText())
                .isEqualTo("closed");
        assertThat(metric("rag_circuit_breaker_state", "name=\"llm\"")).isEqualTo(0.0);
        assertThat(chatCalls()).isEqualTo(5);
    }

    @Test
    void aRateLimitIsWaitedOutForTheTimeItAsksWhenTheDeadlineAllows() {
        openai.stubFor(post(urlEqualTo(CHAT))
                .inScenario("throttled")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.error("Rate limit reached", "requests", "rate_limit_exceeded")))
                .willSetStateTo("recovered"));
        openai.stubFor(post(urlEqualTo(CHAT))
                .inScenario("throttled")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(OpenAiWire.chatCompletion(MODEL_ANSWER, "gpt-4o-mini-2024-07-18", 100, 10))));
        startServer("RETRY_MAX_ATTEMPTS", "3", "REQUEST_TIMEOUT_MS", "10000");

        JsonNode answer = query(QUESTION);

        assertThat(answer.get("degraded").asBoolean()).isFalse();
        assertThat(answer.get("answer").asText()).isEqualTo(MODEL_ANSWER);
        List<ServeEvent> calls = openai.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals(CHAT))
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .toList();
        assertThat(calls).hasSize(2);
        long waitedMs = calls.get(1).getRequest().getLoggedDate().getTime()
                - calls.get(0).getRequest().getLoggedDate().getTime();
        assertThat(waitedMs).as("the second call waits for Retry-After").isGreaterThanOrEqualTo(950);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsNotWaitedFor() {
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "30")
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.error("Rate limit reached", "requests", "rate_limit_exceeded"))));
        startServer("RETRY_MAX_ATTEMPTS", "3", "REQUEST_TIMEOUT_MS", "3000");

        JsonNode answer = query(QUESTION);

        assertThat(answer.get("degraded").asBoolean()).isTrue();
        assertThat(chatCalls()).isEqualTo(1);
        assertThat(answer.get("latency_ms").asLong()).isLessThan(3000);
    }

    @Test
    void aSlowModelHitsTheTimeoutAndTheAnswerIsDegraded() {
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(OpenAiWire.chatCompletion(MODEL_ANSWER, "gpt-4o-mini-2024-07-18", 100, 10))
                        .withFixedDelay(5000)));
        startServer("LLM_TIMEOUT_MS", "300");

        JsonNode answer = query(QUESTION);

        assertThat(answer.get("degraded").asBoolean()).isTrue();
        assertThat(answer.get("latency_ms").asLong())
                .as("bounded by the timeout, not the model")
                .isLessThan(4000);
        assertThat(chatCalls())
                .as("a timed-out call is not repeated past the deadline")
                .isEqualTo(1);
    }

    @Test
    void theBulkheadRefusesWhatExceedsMaxConcurrentPlusQueue() throws Exception {
        openai.stubFor(post(urlEqualTo(EMBEDDINGS)).willReturn(aResponse().withTransformers(EmbeddingsEndpoint.NAME)));
        server = TestServers.start(
                dataDir,
                "OPENAI_API_KEY",
                "sk-test-bulkhead",
                "OPENAI_BASE_URL",
                openai.baseUrl() + "/v1",
                "LLM_PROVIDER",
                "extractive",
                "MAX_CONCURRENT",
                "2",
                "MAX_QUEUE",
                "1",
                "RETRY_MAX_ATTEMPTS",
                "1");
        client = new TestClient(server.port());
        assertThat(client.postJson(
                                "/documents",
                                Map.of("texts", List.of(SampleTexts.LIGHTHOUSE), "ids", List.of("lighthouse")))
                        .status())
                .isEqualTo(200);
        // From now on every embedding takes 2 s: two calls run, one waits, the other three are refused at once.
        openai.stubFor(post(urlEqualTo(EMBEDDINGS))
                .willReturn(aResponse().withFixedDelay(2000).withTransformers(EmbeddingsEndpoint.NAME)));

        List<TestClient.Reply> replies = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            List<Future<TestClient.Reply>> sent = new ArrayList<>();
            AtomicInteger n = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                sent.add(clients.submit(() -> client.postJson(
                        "/query",
                        Map.of(
                                "question",
                                "Who invented the lens, variant " + n.incrementAndGet() + "?",
                                "use_cache",
                                false))));
            }
            for (Future<TestClient.Reply> reply : sent) {
                replies.add(reply.get());
            }
        }

        List<TestClient.Reply> refused =
                replies.stream().filter(reply -> reply.status() == 503).toList();
        assertThat(replies.stream().filter(reply -> reply.status() == 200)).hasSize(3);
        assertThat(refused).hasSize(3).allSatisfy(reply -> {
            assertThat(reply.json().get("error").get("code").asText()).isEqualTo("dependency_unavailable");
            assertThat(reply.json().get("error").get("message").asText()).contains("bulkhead full");
            assertThat(reply.raw().headers().firstValue("Retry-After")).hasValue("1");
        });
        assertThat(openai.countRequestsMatching(
                                postRequestedFor(urlEqualTo(EMBEDDINGS)).build())
                        .getCount())
                .as("the ingest's call and the three let through")
                .isEqualTo(1 + 3);
    }

    private JsonNode query(String question) {
        TestClient.Reply reply = client.postJson("/query", Map.of("question", question, "use_cache", false));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private int chatCalls() {
        return openai.countRequestsMatching(postRequestedFor(urlEqualTo(CHAT)).build())
                .getCount();
    }

    /** The value of one series of a metric in the server's Prometheus exposition. */
    private double metric(String name, String label) {
        return client.get("/metrics")
                .body()
                .lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " with " + label));
    }
}
