package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ragservice.adapters.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deletion is acknowledged only once the shared cache has been told: while it cannot be (Redis frozen), the
 * DELETE fails and says to repeat it; repeated once Redis is back it succeeds, and no later query returns the
 * deleted text, although its answer had been cached before.
 */
class AcknowledgedDeleteTest {

    private static final String QUESTION = "Who invented the lens used in lighthouses?";

    @TempDir
    Path dataDir;

    @Test
    void aDeleteTheCachesCannotBeToldOfFailsUntilTheyCanBe() {
        try (RedisServer redis = RedisServer.start();
                RagServer server = TestServers.start(
                        dataDir,
                        "CACHE_BACKEND",
                        "redis",
                        "REDIS_URL",
                        redis.url(),
                        "RATE_LIMIT_BACKEND",
                        "memory",
                        "CACHE_CIRCUIT_BREAKER_DELAY_MS",
                        "500")) {
            TestClient client = new TestClient(server.port());
            assertThat(client.postJson(
                                    "/documents",
                                    Map.of("texts", List.of(SampleTexts.LIGHTHOUSE), "ids", List.of("lighthouse")))
                            .status())
                    .isEqualTo(200);
            assertThat(client.postJson("/query", Map.of("question", QUESTION))
                            .json()
                            .at("/sources/0/document_id")
                            .asText())
                    .isEqualTo("lighthouse");
            assertThat(client.postJson("/query", Map.of("question", QUESTION))
                            .json()
                            .get("cached")
                            .asBoolean())
                    .isTrue();

            redis.freeze();
            TestClient.Reply refused = client.delete("/documents/lighthouse");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            redis.thaw();

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> client.delete("/documents/lighthouse").status() == 200);
            TestClient.Reply after = client.postJson("/query", Map.of("question", QUESTION));
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.body()).doesNotContain("Fresnel");
            assertThat(after.json().get("cached").asBoolean()).isFalse();
        }
    }
}
