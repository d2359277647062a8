package dev.ragservice.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragservice.adapters.openai.OpenAiWire;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokens-per-minute limit through the real server and OpenAI's wire format (WireMock): a call reserves its
 * estimate and is settled with the usage OpenAI reports; once a client's minute is spent, the next question is
 * refused with 429 before it reaches the model, and not answered degraded.
 */
class TokenLimitTest {

    private static final String CHAT = "/v1/chat/completions";

    @TempDir
    Path dataDir;

    @Test
    void aClientWhoseTokensAreSpentGetsA429BeforeTheModelIsCalled() {
        WireMockServer openai =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        openai.start();
        // 412 + 23 = 435 tokens per answer, as OpenAI would report them
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(
                        OpenAiWire.chatCompletion("Fresnel invented it [1].", "gpt-4o-mini-2024-07-18", 412, 23))));
        // Every estimate is at least the 600 tokens an answer may have; 1000 a minute leave room for one call.
        try (RagServer server = TestServers.start(
                dataDir,
                "OPENAI_API_KEY",
                "sk-e2e-unused",
                "OPENAI_BASE_URL",
                openai.baseUrl() + "/v1",
                "EMBEDDING_PROVIDER",
                "local",
                "LLM_MAX_TOKENS",
                "600",
                "RATE_LIMIT_TPM",
                "1000")) {
            TestClient client = new TestClient(server.port());
            client.postJson("/documents", Map.of("texts", List.of(SampleTexts.LIGHTHOUSE)));
            double limitedBefore = ObservabilityTest.sample(
                    client.get("/metrics").body(), "rag_rate_limited_total", "limit=\"tokens\"");

            TestClient.Reply first = client.postJson(
                    "/query", Map.of("question", "Who invented the lighthouse lens?", "use_cache", false));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().at("/usage/prompt_tokens").asLong()).isEqualTo(412);

            TestClient.Reply second = client.postJson(
                    "/query", Map.of("question", "When was the lighthouse lens invented?", "use_cache", false));
            assertThat(second.status()).as(second.body()).isEqualTo(429);
            assertThat(second.json().at("/error/code").asText()).isEqualTo("rate_limited");
            assertThat(second.json().at("/error/message").asText()).contains("tokens");
            assertThat(second.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(second.raw().headers().firstValue("RateLimit-Limit")).hasValue("1000");

            openai.verify(exactly(1), postRequestedFor(urlEqualTo(CHAT)));
            assertThat(ObservabilityTest.sample(
                            client.get("/metrics").body(), "rag_rate_limited_total", "limit=\"tokens\""))
                    .isEqualTo(limitedBefore + 1);
        } finally {
            openai.stop();
        }
    }
}
