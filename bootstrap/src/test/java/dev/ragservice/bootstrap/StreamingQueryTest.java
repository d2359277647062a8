package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.bootstrap.EventStreamReader.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /query} with {@code "stream": true} against the real server, its chat model a stand-in that writes
 * OpenAI's stream at its own pace: events {@code sources}, {@code delta}..., {@code done} as the model writes; a
 * cache hit replayed; a model failing before its first piece (extractive, degraded) and after it ({@code error},
 * nothing cached); a client that goes away cancels the model's request; headers for proxies and heartbeats.
 */
class StreamingQueryTest {

    static final String QUESTION = "Who invented the lens used in lighthouses?";

    @TempDir
    Path dataDir;

    StandInOpenAi openai;
    RagServer server;
    TestClient client;

    @BeforeEach
    void startOpenAi() throws IOException {
        openai = new StandInOpenAi();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        openai.close();
    }

    void startServer(String... settings) {
        List<String> environment = new ArrayList<>(List.of(
                "OPENAI_API_KEY", "sk-test-streaming",
                "OPENAI_BASE_URL", openai.baseUrl(),
                "EMBEDDING_PROVIDER", "local",
                "LLM_PROVIDER", "openai",
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

    EventStreamReader ask(String question) {
        return EventStreamReader.post(server.port(), "/query", Map.of("question", question, "k", 3, "stream", true));
    }

    @Test
    void theFirstDeltaArrivesWhileTheModelIsStillWritingThenACacheHitIsReplayed() throws Exception {
        CountDownLatch firstDeltaRead = new CountDownLatch(1);
        boolean[] waitedForTheClient = {false};
        openai.reply(exchange -> {
            exchange.startStream();
            exchange.piece("Augustin-Jean Fresnel");
            waitedForTheClient[0] = firstDeltaRead.await(20, TimeUnit.SECONDS);
            exchange.piece(" invented it in 1822 [1].");
            exchange.finish(120, 14);
        });
        startServer();
        // The registry is the JVM's: other servers in this JVM counted before.
        double firstTokensBefore = metric("rag_llm_time_to_first_token_seconds_count");

        List<Event> events = new ArrayList<>();
        try (EventStreamReader stream = ask(QUESTION)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.response().headers().firstValue("Cache-Control")).contains("no-cache");
            assertThat(stream.response().headers().firstValue("X-Accel-Buffering"))
                    .contains("no");
            events.add(stream.nextEvent());
            events.add(stream.nextEvent());
            firstDeltaRead.countDown();
            events.addAll(stream.rest());
        }

        assertThat(waitedForTheClient[0])
                .as("the client read the first delta while the model was still writing")
                .isTrue();
        assertThat(names(events)).containsExactly("sources", "delta", "delta", "done");
        assertThat(events.get(0).json().get(0).get("document_id").asText()).isEqualTo("lighthouse");
        assertThat(events.get(1).json().get("text").asText()).isEqualTo("Augustin-Jean Fresnel");
        assertThat(text(events)).isEqualTo("Augustin-Jean Fresnel invented it in 1822 [1].");
        JsonNode done = events.getLast().json();
        assertThat(done.get("cached").asBoolean()).isFalse();
        assertThat(done.get("degraded").asBoolean()).isFalse();
        assertThat(done.get("model").asText()).isEqualTo(StandInOpenAi.MODEL);
        assertThat(done.at("/usage/prompt_tokens").asLong()).isEqualTo(120);
        assertThat(done.at("/usage/completion_tokens").asLong()).isEqualTo(14);
        assertThat(done.get("latency_ms").isNumber()).isTrue();
        assertThat(openai.requests().getFirst().get("stream").asBoolean()).isTrue();
        assertThat(metric("rag_llm_time_to_first_token_seconds_count") - firstTokensBefore)
                .isEqualTo(1.0);

        List<Event> replayed;
        try (EventStreamReader stream = ask(QUESTION)) {
            replayed = stream.rest();
        }
        assertThat(names(replayed).getFirst()).isEqualTo("sources");
        assertThat(names(replayed).getLast()).isEqualTo("done");
        assertThat(replayed.get(0).json()).isEqualTo(events.get(0).json());
        assertThat(text(replayed)).isEqualTo(text(events));
        assertThat(replayed.getLast().json().get("cached").asBoolean()).isTrue();
        assertThat(replayed.getLast().json().at("/usage/completion_tokens").asLong())
                .isZero();
        assertThat(openai.requests()).hasSize(1);

        // The same answer as a whole comes from the same cache.
        JsonNode whole =
                client.postJson("/query", Map.of("question", QUESTION, "k", 3)).json();
        assertThat(whole.get("answer").asText()).isEqualTo(text(events));
        assertThat(whole.get("cached").asBoolean()).isTrue();
    }

    @Test
    void aClientThatGoesAwayCancelsTheModelsRequestAndNothingIsCached() throws Exception {
        openai.reply(exchange -> {
            exchange.startStream();
            for (int piece = 0; piece < 3_000; piece++) {
                exchange.piece("word" + piece + " ");
                Thread.sleep(10);
            }
            exchange.finish(100, 3_000);
        });
        startServer();

        try (EventStreamReader stream = ask(QUESTION)) {
            assertThat(stream.nextEvent().name()).isEqualTo("sources");
            assertThat(stream.nextEvent().name()).isEqualTo("delta");
        }

        assertThat(openai.connectionClosed().get(20, TimeUnit.SECONDS))
                .as("the stand-in's write failed: the service closed its connection")
                .isTrue();
        openai.reply(StandInOpenAi.answer(List.of("Fresnel [1]."), 100, 3));
        try (EventStreamReader stream = ask(QUESTION)) {
            List<Event> events = stream.rest();
            assertThat(events.getLast().json().get("cached").asBoolean()).isFalse();
            assertThat(text(events)).isEqualTo("Fresnel [1].");
        }
        assertThat(openai.requests()).hasSize(2);
    }

    @Test
    void aModelFailingBeforeItsFirstPieceGivesWayToTheExtractiveAnswerStreamedSentenceBySentence() {
        openai.reply(exchange -> exchange.respond(
                500, dev.ragservice.adapters.openai.OpenAiWire.error("The server had an error", "server_error", null)));
        startServer();

        List<Event> events;
        try (EventStreamReader stream = ask(QUESTION)) {
            events = stream.rest();
        }

        assertThat(names(events).getFirst()).isEqualTo("sources");
        assertThat(names(events).getLast()).isEqualTo("done");
        assertThat(names(events).subList(1, events.size() - 1)).isNotEmpty().containsOnly("delta");
        assertThat(text(events)).contains("Fresnel").contains("[1]");
        JsonNode done = events.getLast().json();
        assertThat(done.get("degraded").asBoolean()).isTrue();
        assertThat(done.get("model").asText()).isEqualTo("extractive");
        // The same sentences the whole (degraded) answer has.
        JsonNode whole =
                client.postJson("/query", Map.of("question", QUESTION, "k", 3)).json();
        assertThat(whole.get("degraded").asBoolean()).isTrue();
        assertThat(text(events)).isEqualTo(whole.get("answer").asText());
    }

    @Test
    void aModelFailingAfterItsFirstPieceEndsTheStreamWithAnErrorAndNothingIsCached() {
        openai.reply(exchange -> {
            exchange.startStream();
            exchange.piece("Augustin-Jean");
            exchange.write("data: {\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\","
                    + " \"param\": null, \"code\": null}}\n\n");
        });
        startServer();

        List<Event> events;
        try (EventStreamReader stream = ask(QUESTION)) {
            events = stream.rest();
        }

        assertThat(names(events)).containsExactly("sources", "delta", "error");
        assertThat(events.get(1).json().get("text").asText()).isEqualTo("Augustin-Jean");
        assertThat(events.get(2).json().at("/error/code").asText()).isEqualTo("dependency_unavailable");
        assertThat(events.get(2).json().at("/error/message").asText()).isNotEmpty();

        openai.reply(StandInOpenAi.answer(List.of("Fresnel [1]."), 100, 3));
        try (EventStreamReader stream = ask(QUESTION)) {
            List<Event> again = stream.rest();
            assertThat(again.getLast().json().get("cached").asBoolean()).isFalse();
            assertThat(text(again)).isEqualTo("Fresnel [1].");
        }
    }

    @Test
    void aSilentModelGetsHeartbeatCommentsUntilItWrites() throws Exception {
        CountDownLatch heartbeatSeen = new CountDownLatch(2);
        boolean[] waited = {false};
        openai.reply(exchange -> {
            exchange.startStream();
            waited[0] = heartbeatSeen.await(20, TimeUnit.SECONDS);
            exchange.piece("Fresnel [1].");
            exchange.finish(100, 3);
        });
        startServer("STREAM_HEARTBEAT_SECONDS", "PT0.1S");

        List<String> seen = new ArrayList<>();
        try (EventStreamReader stream = ask(QUESTION)) {
            for (Event event = stream.next(); event != null; event = stream.next()) {
                seen.add(event.name());
                if (event.comment()) {
                    heartbeatSeen.countDown();
                }
            }
        }

        assertThat(waited[0])
                .as("two heartbeats reached the client while the model was silent")
                .isTrue();
        assertThat(seen.getFirst()).isEqualTo("sources");
        assertThat(seen.subList(1, seen.indexOf("delta")))
                .hasSizeGreaterThanOrEqualTo(2)
                .containsOnly(":");
        assertThat(seen.getLast()).isEqualTo("done");
    }

    @Test
    void streamsGoThroughTheModelsBreakerWhichOpensOnTheirFailures() {
        openai.reply(exchange -> exchange.respond(
                500, dev.ragservice.adapters.openai.OpenAiWire.error("The server had an error", "server_error", null)));
        startServer("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "2", "CIRCUIT_BREAKER_DELAY_MS", "600000");

        for (int i = 0; i < 3; i++) {
            try (EventStreamReader stream = ask(QUESTION)) {
                List<Event> events = stream.rest();
                assertThat(events.getLast().json().get("degraded").asBoolean()).isTrue();
            }
        }

        assertThat(openai.requests())
                .as("the open breaker kept the third stream from the model")
                .hasSize(2);
        JsonNode breaker = client.get("/status").json().at("/circuit_breakers/llm");
        assertThat(breaker.get("state").asText()).isEqualTo("open");
        assertThat(breaker.get("rejected").asLong()).isEqualTo(1);
    }

    double metric(String name) {
        return client.get("/metrics")
                .body()
                .lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aBadQuestionIsAnOrdinaryErrorNotAStream() {
        startServer();

        TestClient.Reply reply = client.postJson("/query", Map.of("question", " ", "stream", true));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.raw().headers().firstValue("Content-Type")).contains("application/json");
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("empty_question");
        assertThat(openai.requests()).isEmpty();
    }

    static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    static String text(List<Event> events) {
        return events.stream()
                .filter(event -> event.name().equals("delta"))
                .map(event -> event.json().get("text").asText())
                .collect(Collectors.joining());
    }
}
