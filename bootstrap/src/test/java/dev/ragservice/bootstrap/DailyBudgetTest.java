package dev.ragservice.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragservice.adapters.openai.OpenAiWire;
import dev.ragservice.adapters.redis.RedisServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key's daily token budget is one budget for every replica: two replicas sharing Redis, each asked as fast as a
 * client can until the budget refuses, spend at most the budget plus one request's reservation between them, and
 * the refusal is 429 {@code budget_exceeded} with the time until midnight UTC; {@code /status} on either replica
 * shows what the key spent today.
 */
class DailyBudgetTest {

    private static final String CHAT = "/v1/chat/completions";
    /** What OpenAI reports per answer: 412 prompt and 23 completion tokens. */
    private static final int SPENT_PER_ANSWER = 435;

    private static final int BUDGET = 6000;
    /** LLM_MAX_TOKENS plus the prompt's estimate (the sources of one short document and a question). */
    private static final int LARGEST_RESERVATION = 1200;

    private static final TestKeys.Key BUDGETED =
            TestKeys.Key.of("budgeted", "[query]", "\"*\"").with("daily_tokens: " + BUDGET);

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    @TempDir
    Path keysDir;

    @Test
    void twoReplicasSpendOneBudgetBetweenThem() throws Exception {
        WireMockServer openai =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        openai.start();
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(
                        OpenAiWire.chatCompletion("Fresnel invented it [1].", "gpt-4o-mini-2024-07-18", 412, 23))));
        Path keys = TestKeys.write(keysDir.resolve("keys.yaml"), BUDGETED, AccessControlTest.OPS);
        try (RedisServer redis = RedisServer.start();
                RagServer a = replica(dataA, keys, redis, openai);
                RagServer b = replica(dataB, keys, redis, openai)) {
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = List.of(
                        clients.submit(() -> askUntilRefused(a, outcomes)),
                        clients.submit(() -> askUntilRefused(b, outcomes)));
                for (Future<?> client : running) {
                    client.get();
                }
            }
            int answered = openai.findAll(postRequestedFor(urlEqualTo(CHAT))).size();
            assertThat(outcomes.get("budget_exceeded"))
                    .as("each replica was refused")
                    .hasValue(2);
            assertThat(answered).as("answers").isPositive();
            assertThat(answered * SPENT_PER_ANSWER)
                    .as("tokens spent by both replicas")
                    .isLessThanOrEqualTo(BUDGET + LARGEST_RESERVATION)
                    .isGreaterThan(BUDGET - 2 * LARGEST_RESERVATION);
            for (RagServer replica : List.of(a, b)) {
                JsonNode usage = new TestClient(replica.port())
                        .get("/status", "Authorization", AccessControlTest.OPS.bearer())
                        .json()
                        .at("/api_keys/usage");
                assertThat(usage.findValuesAsText("id")).containsExactly("budgeted", "ops");
                assertThat(usage.get(0).get("daily_tokens").asLong()).isEqualTo(BUDGET);
                assertThat(usage.get(0).get("tokens_today").asLong())
                        .as("settled answers, as both replicas see them (a key in debt shows its whole budget)")
                        .isEqualTo(Math.min(BUDGET, answered * SPENT_PER_ANSWER));
                assertThat(usage.get(1).get("daily_tokens").isNull())
                        .as("ops has no budget")
                        .isTrue();
                assertThat(usage.get(1).get("tokens_today").isNull()).isTrue();
            }
        } finally {
            openai.stop();
        }
    }

    private static RagServer replica(Path data, Path keys, RedisServer redis, WireMockServer openai) {
        RagServer server = TestServers.start(
                data,
                "API_KEYS_FILE",
                keys.toString(),
                "CACHE_BACKEND",
                "redis",
                "REDIS_URL",
                redis.url(),
                "OPENAI_API_KEY",
                "sk-budget-unused",
                "OPENAI_BASE_URL",
                openai.baseUrl() + "/v1",
                "EMBEDDING_PROVIDER",
                "local",
                "LLM_MAX_TOKENS",
                "600",
                "RATE_LIMIT_TPM",
                "1000000");
        TestClient.Reply ingested = new TestClient(server.port())
                .request(
                        "POST",
                        "/documents",
                        Map.of("texts", List.of(SampleTexts.LIGHTHOUSE)),
                        "Authorization",
                        AccessControlTest.OPS.bearer());
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        return server;
    }

    private static void askUntilRefused(RagServer replica, Map<String, AtomicInteger> outcomes) {
        TestClient client = new TestClient(replica.port());
        for (int i = 0; i < 100; i++) {
            TestClient.Reply reply = client.request(
                    "POST",
                    "/query",
                    Map.of(
                            "question",
                            "Who invented the lighthouse lens? (" + replica.port() + "-" + i + ")",
                            "use_cache",
                            false),
                    "Authorization",
                    BUDGETED.bearer());
            if (reply.status() == 429) {
                assertThat(reply.json().at("/error/code").asText()).isEqualTo("budget_exceeded");
                long retryAfter = Long.parseLong(
                        reply.raw().headers().firstValue("Retry-After").orElseThrow());
                assertThat(retryAfter).as("seconds until midnight UTC").isBetween(1L, 86_400L);
                outcomes.computeIfAbsent("budget_exceeded", unused -> new AtomicInteger())
                        .incrementAndGet();
                return;
            }
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("degraded").asBoolean()).isFalse();
        }
        throw new AssertionError("the budget never refused");
    }
}
