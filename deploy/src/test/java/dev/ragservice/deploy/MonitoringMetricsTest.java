package dev.ragservice.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragservice.adapters.openai.OpenAiWire;
import dev.ragservice.adapters.redis.RedisServer;
import dev.ragservice.bootstrap.RagServer;
import dev.ragservice.bootstrap.SampleTexts;
import dev.ragservice.bootstrap.TestClient;
import dev.ragservice.bootstrap.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard and the alert rules query, and every label their matchers use, is one the
 * real server exports: scraped from /metrics after traffic that touches each part (ingest, cache misses and
 * hits, a shared Redis cache that then goes down, client errors, answers from an LLM on OpenAI's wire format).
 */
class MonitoringMetricsTest {

    @TempDir
    Path dataDir;

    RedisServer redis;
    WireMockServer openai;
    RagServer server;
    TestClient client;

    @BeforeEach
    void startTheServiceWithASharedCacheAndAnLlm() {
        redis = RedisServer.start();
        openai = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        openai.start();
        openai.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(
                        OpenAiWire.chatCompletion("Augustin-Jean Fresnel invented it [1].", "gpt-4o-mini", 120, 12))));
        server = TestServers.start(
                dataDir,
                "CACHE_BACKEND",
                "redis",
                "REDIS_URL",
                redis.url(),
                "EMBEDDING_PROVIDER",
                "local",
                "LLM_PROVIDER",
                "openai",
                "OPENAI_API_KEY",
                "sk-monitoring-test",
                "OPENAI_BASE_URL",
                openai.baseUrl() + "/v1");
        client = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        openai.stop();
        redis.close();
    }

    @Test
    void everyQueriedMetricIsExported() {
        PrometheusExposition exposition = PrometheusExposition.parse(scrapeAfterTraffic());
        Map<String, List<String>> queries = new LinkedHashMap<>(MonitoringQueries.dashboard());
        queries.putAll(MonitoringQueries.alerts());

        Set<String> queried = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        queries.forEach((source, expressions) -> {
            for (String expression : expressions) {
                for (String metric : PromQl.metrics(expression)) {
                    queried.add(metric);
                    if (!exposition.has(metric)) {
                        problems.add(source + ": " + metric + " is not exported");
                    }
                }
                PromQl.matcherLabels(expression).forEach((metric, labels) -> {
                    for (String label : labels) {
                        if (exposition.has(metric) && !exposition.labels(metric).contains(label)) {
                            problems.add(source + ": " + metric + " has no label " + label);
                        }
                    }
                });
            }
        });
        assertThat(queried)
                .as("the queries' metrics (the parser must find them)")
                .hasSizeGreaterThanOrEqualTo(12);
        assertThat(problems)
                .as("exported: %s", exposition.labelsBySample().keySet())
                .isEmpty();
    }

    private String scrapeAfterTraffic() {
        assertThat(client.postJson(
                                "/documents",
                                Map.of(
                                        "texts", List.of(SampleTexts.LIGHTHOUSE, SampleTexts.VOLCANO),
                                        "ids", List.of("lighthouse", "volcano")))
                        .status())
                .isEqualTo(200);
        String question = "Who invented the lens used in lighthouses?";
        assertThat(client.postJson("/query", Map.of("question", question)).status())
                .isEqualTo(200);
        assertThat(client.postJson("/query", Map.of("question", question))
                        .json()
                        .get("cached")
                        .asBoolean())
                .isTrue();
        assertThat(client.postJson("/query", "{").status()).isEqualTo(400);
        assertThat(client.get("/no-such-path").status()).isEqualTo(404);
        redis.stop();
        assertThat(client.postJson("/query", Map.of("question", "Why do volcanoes erupt?"))
                        .status())
                .isEqualTo(200);
        TestClient.Reply scrape = client.get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body();
    }
}
