package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants with the same documents and the same question: no cache tier (responses, semantic, search,
 * embeddings) answers one from the other. Each gets its own documents' ids, and the second tenant's first question
 * is a miss in every tier, the embedding tier included, so not even the speed of an answer tells one tenant what
 * the other asked.
 */
class TenantIsolationTest {

    private static final TestKeys.Key ACME = TestKeys.Key.of("acme", "[query, ingest]", "[acme]");
    private static final TestKeys.Key GLOBEX = TestKeys.Key.of("globex", "[query, ingest]", "[globex]");
    private static final String QUESTION = "Who invented the lens used in lighthouses?";

    @TempDir
    Path dataDir;

    @TempDir
    Path keysDir;

    @Test
    void noCacheTierAnswersOneTenantFromTheOther() {
        Path keys = TestKeys.write(keysDir.resolve("keys.yaml"), ACME, GLOBEX, AccessControlTest.OPS);
        try (RagServer server =
                TestServers.start(dataDir, "API_KEYS_FILE", keys.toString(), "SEMANTIC_CACHE_THRESHOLD", "0.8")) {
            TestClient client = new TestClient(server.port());
            for (TestKeys.Key tenant : List.of(ACME, GLOBEX)) {
                assertThat(client.request(
                                        "POST",
                                        "/documents",
                                        Map.of(
                                                "texts",
                                                List.of(SampleTexts.LIGHTHOUSE),
                                                "ids",
                                                List.of(tenant.id() + "-lens")),
                                        "Authorization",
                                        tenant.bearer())
                                .status())
                        .isEqualTo(200);
            }
            JsonNode acme = ask(client, ACME, QUESTION);
            assertThat(acme.get("cached").asBoolean()).isFalse();
            assertThat(ask(client, ACME, QUESTION).get("cached").asBoolean())
                    .as("acme's own cache")
                    .isTrue();
            double hitsBefore = cacheHits(client);

            JsonNode globex = ask(client, GLOBEX, QUESTION);
            assertThat(globex.get("cached").asBoolean()).isFalse();
            assertThat(globex.at("/sources/0/document_id").asText()).isEqualTo("globex-lens");
            assertThat(cacheHits(client))
                    .as("hits of any tier on globex's first question")
                    .isEqualTo(hitsBefore);

            JsonNode paraphrase = ask(client, GLOBEX, "Who invented the lens that lighthouses use?");
            assertThat(paraphrase.get("sources"))
                    .extracting(source -> source.get("document_id").asText())
                    .containsOnly("globex-lens");
        }
    }

    private static JsonNode ask(TestClient client, TestKeys.Key tenant, String question) {
        TestClient.Reply reply =
                client.request("POST", "/query", Map.of("question", question), "Authorization", tenant.bearer());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static double cacheHits(TestClient client) {
        String metrics = client.get("/metrics", "Authorization", AccessControlTest.OPS.bearer())
                .body();
        double hits = 0;
        for (String tier : List.of("response", "semantic", "search", "embedding")) {
            hits += ObservabilityTest.sample(metrics, "rag_cache_hits_total", "tier=\"" + tier + "\"");
        }
        return hits;
    }
}
