package dev.ragservice.plugins.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ragservice.adapters.redis.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out for real: two instances of the packaged service, each loading the OpenSearch plugin from
 * {@code PLUGINS_DIR}, share the two-node cluster (an index with one replica) and a Redis cache, as two pods behind a
 * load balancer would.
 */
class TwoReplicasIT {

    @RegisterExtension
    static final OpenSearchCluster CLUSTER = new OpenSearchCluster();

    static final String QUESTION = "Who invented the lens used in lighthouses?";
    static final String LIGHTHOUSE = "The Fresnel lens was invented by Augustin-Jean Fresnel in 1822. Lighthouses"
            + " used it because it focused the lamp's light into a beam visible for over twenty miles.";
    /** Handed to the plugin as its password: it must never be shown. */
    static final String PASSWORD = "pw-" + UUID.randomUUID();
    /** In the service's environment, and none of the plugin's business. */
    static final String OPENAI_KEY = "sk-" + UUID.randomUUID();

    @TempDir
    static Path work;

    static RedisServer redis;
    static ServiceProcess a;
    static ServiceProcess b;

    @BeforeAll
    static void startTwoReplicas() throws IOException {
        redis = RedisServer.start();
        Map<String, String> settings = Map.ofEntries(
                Map.entry(
                        "PLUGINS_DIR",
                        Path.of(System.getProperty("rag.plugin.directory"))
                                .getParent()
                                .toString()),
                Map.entry("VECTOR_STORE", "opensearch"),
                Map.entry("OPENSEARCH_URL", CLUSTER.urls()),
                Map.entry("OPENSEARCH_INDEX", "two-replicas"),
                Map.entry("OPENSEARCH_REPLICAS", "1"),
                // The cluster runs no security plugin and ignores credentials; they are here to be kept secret.
                Map.entry("OPENSEARCH_USERNAME", "rag"),
                Map.entry("OPENSEARCH_PASSWORD", PASSWORD),
                Map.entry("OPENAI_API_KEY", OPENAI_KEY),
                Map.entry("EMBEDDING_PROVIDER", "local"),
                Map.entry("LLM_PROVIDER", "extractive"),
                Map.entry("CACHE_BACKEND", "redis"),
                // Writes failing during the outage open the store's breaker: let it try again soon after.
                Map.entry("CIRCUIT_BREAKER_DELAY_MS", "2000"),
                Map.entry("REDIS_URL", redis.url()));
        a = ServiceProcess.start(work, settings);
        b = ServiceProcess.start(work, settings);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (AutoCloseable running : new AutoCloseable[] {a, b, redis}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // Stop the others all the same.
            }
        }
    }

    @Test
    void whatOneReplicaIngestsTheOtherAnswersFromAtOnceWithItsCacheInvalidated() {
        Map<String, Object> question = Map.of("question", QUESTION, "namespace", "fresh");
        // B answers and caches; on a busy machine a cache write may time out, so B is asked until it hits.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> b.post("/query", question).json().path("cached").asBoolean());

        ServiceProcess.Reply ingested = a.post(
                "/documents", Map.of("texts", List.of(LIGHTHOUSE), "ids", List.of("lighthouse"), "namespace", "fresh"));
        assertThat(ingested.status()).as(ingested.json().toString()).isEqualTo(200);

        ServiceProcess.Reply answer = b.post("/query", question);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("cached").asBoolean()).isFalse();
        assertThat(answer.json().at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
        assertThat(b.get("/status?namespace=fresh").json().get("documents").asLong())
                .isEqualTo(1);
    }

    /**
     * With one of the two nodes down, searches go to the shard copy left. Writes may fail meanwhile (in a two-node
     * cluster the one left cannot elect a cluster manager if the stopped node was it; three nodes avoid that), but
     * only as a 503, and whatever was acknowledged is found once the node is back.
     */
    @Test
    void withANodeDownQueriesKeepAnsweringAndNoAcknowledgedDocumentIsLost() {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ingest(i % 2 == 0 ? a : b, i, acknowledged);
        }
        assertThat(acknowledged).hasSize(10);

        CLUSTER.stopNode(0);
        try {
            for (ServiceProcess replica : List.of(a, b)) {
                ServiceProcess.Reply answer = replica.post(
                        "/query",
                        Map.of("question", "report number 3", "namespace", "outage", "mode", "keyword", "k", 1));
                assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
                assertThat(answer.json().at("/sources/0/document_id").asText()).isEqualTo("report-3");
            }
            // Writes while a node is down: whatever was acknowledged must survive.
            for (int i = 10; i < 16; i++) {
                ingest(i % 2 == 0 ? a : b, i, acknowledged);
            }
        } finally {
            CLUSTER.startNode(0);
        }

        for (ServiceProcess replica : List.of(a, b)) {
            // At least: a write that timed out may still have been applied. Polled: a breaker that writes failing
            // during the outage opened closes only after its next successful trial.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(replica.get("/status?namespace=outage")
                                    .json()
                                    .get("documents")
                                    .asLong())
                            .isGreaterThanOrEqualTo(acknowledged.size()));
            for (String id : acknowledged) {
                String number = id.substring("report-".length());
                ServiceProcess.Reply found = replica.post(
                        "/query",
                        Map.of(
                                "question",
                                "report number " + number,
                                "namespace",
                                "outage",
                                "mode",
                                "keyword",
                                "k",
                                1,
                                "filter",
                                Map.of("n", Integer.parseInt(number))));
                assertThat(found.json().at("/sources/0/document_id").asText())
                        .as(id)
                        .isEqualTo(id);
            }
        }
    }

    @Test
    void thePluginIsGivenOnlyItsOwnSettingsAndItsPasswordIsNeverShown() throws IOException {
        String status = a.get("/status").json().toString();

        assertThat(status).contains("opensearch (plugin ").doesNotContain(PASSWORD);
        for (ServiceProcess replica : List.of(a, b)) {
            String log = replica.log();
            assertThat(log)
                    .contains("OPENSEARCH_PASSWORD=(secret)")
                    .doesNotContain(PASSWORD)
                    .doesNotContain(OPENAI_KEY);
            String pluginLine = log.lines()
                    .filter(line -> line.contains("provider opensearch from plugin"))
                    .findFirst()
                    .orElseThrow();
            assertThat(pluginLine).doesNotContain("OPENAI_API_KEY").doesNotContain("REDIS_URL");
        }
    }

    private static void ingest(ServiceProcess replica, int number, List<String> acknowledged) {
        String id = "report-" + number;
        ServiceProcess.Reply reply = replica.post(
                "/documents",
                Map.of(
                        "texts",
                        List.of("Quarterly report number " + number + " of the lighthouse keepers."),
                        "ids",
                        List.of(id),
                        "metadatas",
                        List.of(Map.of("n", number)),
                        "namespace",
                        "outage"));
        assertThat(reply.status()).as(reply.json().toString()).isIn(200, 503);
        if (reply.status() == 200) {
            acknowledged.add(id);
        } else {
            assertThat(reply.json().at("/error/code").asText()).isEqualTo("dependency_unavailable");
        }
    }
}
