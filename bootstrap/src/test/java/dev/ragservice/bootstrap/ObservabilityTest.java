package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health probes, Prometheus metrics and status, as Kubernetes and Prometheus would read them. */
class ObservabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void healthProbesAnswerWithJsonDetails() {
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            TestClient.Reply live = client.get("/health/live");
            assertThat(live.status()).isEqualTo(200);
            TestClient.Reply ready = client.get("/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            JsonNode all = client.get("/health").json();
            assertThat(all.get("checks").findValuesAsText("name"))
                    .contains("process", "server", "embedding_model", "vector_store", "cache");
        }
    }

    @Test
    void closingTheServerClosesTheIndex() {
        RagServer server = TestServers.start(dataDir);
        TestClient client = new TestClient(server.port());
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
        server.close();
        assertThat(server.dependencies().vectorStoreAvailable()).isFalse();
    }

    @Test
    void metricsAreExportedInPrometheusFormat() {
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            client.postJson("/documents", Map.of("texts", List.of(SampleTexts.VOLCANO)));
            client.postJson("/query", Map.of("question", "Why do volcanoes erupt?"));
            client.postJson("/query", Map.of("question", "Why do volcanoes erupt?"));
            client.postJson("/query", "{");

            TestClient.Reply scrape = client.get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            String text = scrape.body();
            assertThat(type(text, "rag_requests_total")).isEqualTo("counter");
            assertThat(type(text, "rag_request_latency_seconds")).isEqualTo("histogram");
            assertThat(type(text, "rag_cache_hits_total")).isEqualTo("counter");
            assertThat(type(text, "rag_errors_total")).isEqualTo("counter");
            assertThat(sample(text, "rag_requests_total", "endpoint=\"/query\"", "status=\"200\""))
                    .isGreaterThanOrEqualTo(2);
            assertThat(sample(text, "rag_requests_total", "endpoint=\"/query\"", "status=\"400\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(text, "rag_cache_hits_total", "tier=\"response\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(text, "rag_request_latency_seconds_bucket", "endpoint=\"/query\"", "le=\"+Inf\""))
                    .isGreaterThanOrEqualTo(3);
            assertThat(sample(text, "rag_errors_total", "type=\"client_error\""))
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void statusNamesTheAdaptersAndCounts() {
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            client.postJson("/documents", Map.of("texts", List.of(SampleTexts.VOLCANO, SampleTexts.SOURDOUGH)));
            JsonNode status = client.get("/status").json();
            assertThat(status.at("/adapters/vector_store").asText()).isEqualTo("lucene");
            assertThat(status.at("/adapters/embedding").asText()).contains("all-minilm-l6-v2");
            assertThat(status.at("/adapters/llm").asText()).isEqualTo("extractive");
            assertThat(status.at("/adapters/cache").asText()).isEqualTo("memory");
            assertThat(status.get("documents").asLong()).isEqualTo(2);
            assertThat(status.get("chunks").asLong()).isEqualTo(2);
            assertThat(status.at("/dependencies/vector_store/available").asBoolean())
                    .isTrue();
            assertThat(status.get("uptime_seconds").asLong()).isNotNegative();
        }
    }

    @Test
    void rootDescribesTheService() {
        try (RagServer server = TestServers.start(dataDir)) {
            JsonNode info = new TestClient(server.port()).get("/").json();
            assertThat(info.get("service").asText()).isEqualTo("rag-service");
            assertThat(info.get("endpoints").toString()).contains("POST /query", "POST /documents");
        }
    }

    /** The TYPE a Prometheus exposition declares for a metric family. */
    private static String type(String exposition, String family) {
        Matcher matcher = Pattern.compile("(?m)^# TYPE " + Pattern.quote(family) + " (\\w+)")
                .matcher(exposition);
        assertThat(matcher.find()).as("# TYPE of %s in%n%s", family, exposition).isTrue();
        return matcher.group(1);
    }

    /** The sum of the samples of a metric whose labels include all the given ones. */
    static double sample(String exposition, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)")
                .matcher(exposition);
        while (matcher.find()) {
            String labelText = matcher.group(1);
            if (List.of(labels).stream().allMatch(labelText::contains)) {
                sum += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        assertThat(found)
                .as("a sample of %s with %s in%n%s", name, List.of(labels), exposition)
                .isTrue();
        return sum;
    }
}
