package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded service end to end over HTTP: ingest, answer with sources, cache, and survive a restart. */
class QueryFlowTest {

    @TempDir
    Path dataDir;

    @Test
    void answersFromTheRightDocumentCachesTheAnswerAndSurvivesARestart() {
        String question = "Who invented the lens used in lighthouses?";
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            TestClient.Reply ingested = client.postJson(
                    "/documents",
                    Map.of(
                            "texts", List.of(SampleTexts.LIGHTHOUSE, SampleTexts.SOURDOUGH, SampleTexts.VOLCANO),
                            "metadatas",
                                    List.of(
                                            Map.of("topic", "history"),
                                            Map.of("topic", "food"),
                                            Map.of("topic", "geology", "year", 2021)),
                            "ids", List.of("lighthouse", "sourdough", "volcano")));
            assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
            assertThat(ingested.json().at("/documents/0/id").asText()).isEqualTo("lighthouse");
            assertThat(ingested.json().at("/documents/0/chunks").asInt()).isEqualTo(1);

            TestClient.Reply first = client.postJson("/query", Map.of("question", question, "k", 3));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            JsonNode answer = first.json();
            assertThat(answer.at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
            assertThat(answer.at("/sources/0/metadata/topic").asText()).isEqualTo("history");
            assertThat(answer.get("answer").asText()).contains("Fresnel").contains("[1]");
            assertThat(answer.get("cached").asBoolean()).isFalse();
            assertThat(answer.get("model").asText()).isEqualTo("extractive");
            assertThat(answer.has("latency_ms")).isTrue();

            TestClient.Reply second = client.postJson("/query", Map.of("question", question, "k", 3));
            assertThat(second.json().get("cached").asBoolean()).isTrue();
            assertThat(second.json().get("answer")).isEqualTo(answer.get("answer"));

            TestClient.Reply bypass =
                    client.postJson("/query", Map.of("question", question, "k", 3, "use_cache", false));
            assertThat(bypass.json().get("cached").asBoolean()).isFalse();
        }

        try (RagServer restarted = TestServers.start(dataDir)) {
            TestClient client = new TestClient(restarted.port());
            TestClient.Reply afterRestart = client.postJson("/query", Map.of("question", question));
            assertThat(afterRestart.status()).isEqualTo(200);
            assertThat(afterRestart.json().at("/sources/0/document_id").asText())
                    .isEqualTo("lighthouse");
            assertThat(client.get("/status").json().get("documents").asLong()).isEqualTo(3);
        }
    }

    @Test
    void filtersRestrictTheSourcesAndIngestInvalidatesCachedAnswers() {
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            client.postJson(
                    "/documents",
                    Map.of(
                            "texts",
                            List.of(SampleTexts.LIGHTHOUSE, SampleTexts.VOLCANO),
                            "metadatas",
                            List.of(Map.of("topic", "history"), Map.of("topic", "geology")),
                            "ids",
                            List.of("lighthouse", "volcano")));

            JsonNode filtered = client.postJson(
                            "/query",
                            Map.of("question", "lighthouse lens", "filter", Map.of("topic", Map.of("$eq", "geology"))))
                    .json();
            assertThat(filtered.get("sources"))
                    .isNotEmpty()
                    .allSatisfy(source ->
                            assertThat(source.get("document_id").asText()).isEqualTo("volcano"));

            String question = "What makes bread sour?";
            assertThat(client.postJson("/query", Map.of("question", question))
                            .json()
                            .get("cached")
                            .asBoolean())
                    .isFalse();
            assertThat(client.postJson("/query", Map.of("question", question))
                            .json()
                            .get("cached")
                            .asBoolean())
                    .isTrue();
            client.postJson("/documents", Map.of("texts", List.of(SampleTexts.SOURDOUGH), "ids", List.of("sourdough")));
            JsonNode afterIngest =
                    client.postJson("/query", Map.of("question", question)).json();
            assertThat(afterIngest.get("cached").asBoolean()).isFalse();
            assertThat(afterIngest.at("/sources/0/document_id").asText()).isEqualTo("sourdough");

            assertThat(client.delete("/documents/sourdough").status()).isEqualTo(200);
            JsonNode afterDelete =
                    client.postJson("/query", Map.of("question", question)).json();
            assertThat(afterDelete.get("sources"))
                    .noneSatisfy(source ->
                            assertThat(source.get("document_id").asText()).isEqualTo("sourdough"));
        }
    }

    @Test
    void ingestingTheSameTextTwiceWithoutIdsStoresItOnce() {
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            String first = client.postJson("/documents", Map.of("texts", List.of(SampleTexts.VOLCANO)))
                    .json()
                    .at("/documents/0/id")
                    .asText();
            String second = client.postJson("/documents", Map.of("texts", List.of(SampleTexts.VOLCANO)))
                    .json()
                    .at("/documents/0/id")
                    .asText();
            assertThat(second).isEqualTo(first);
            JsonNode status = client.get("/status").json();
            assertThat(status.get("documents").asLong()).isEqualTo(1);
            assertThat(status.get("chunks").asLong()).isEqualTo(1);
        }
    }
}
