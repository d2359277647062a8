package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.adapters.redis.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances sharing one real Redis, as two replicas behind a load balancer would: what one caches
 * the other hits, what one ingests invalidates the other's answers, and a Redis outage only costs the cache.
 */
class SharedRedisCacheTest {

    static final String QUESTION = "Who invented the lens used in lighthouses?";

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    RedisServer redis;
    RagServer replicaA;
    RagServer replicaB;
    TestClient a;
    TestClient b;

    @BeforeEach
    void startTwoReplicas() {
        redis = RedisServer.start();
        replicaA = TestServers.start(dataA, "CACHE_BACKEND", "redis", "REDIS_URL", redis.url());
        replicaB = TestServers.start(dataB, "CACHE_BACKEND", "redis", "REDIS_URL", redis.url());
        a = new TestClient(replicaA.port());
        b = new TestClient(replicaB.port());
        // Each replica has its own embedded index here, so both get the same documents.
        for (TestClient replica : List.of(a, b)) {
            assertThat(replica.postJson(
                                    "/documents",
                                    Map.of(
                                            "texts", List.of(SampleTexts.LIGHTHOUSE, SampleTexts.VOLCANO),
                                            "ids", List.of("lighthouse", "volcano")))
                            .status())
                    .isEqualTo(200);
        }
    }

    @AfterEach
    void stop() {
        replicaA.close();
        replicaB.close();
        redis.close();
    }

    @Test
    void anAnswerCachedOnOneReplicaIsAHitOnTheOther() {
        assertThat(cached(a.postJson("/query", Map.of("question", QUESTION)))).isFalse();
        JsonNode fromB = b.postJson("/query", Map.of("question", QUESTION)).json();
        assertThat(fromB.get("cached").asBoolean()).isTrue();
        assertThat(fromB.at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
    }

    @Test
    void ingestingThroughOneReplicaInvalidatesTheOthersAnswers() {
        a.postJson("/query", Map.of("question", QUESTION));
        assertThat(cached(a.postJson("/query", Map.of("question", QUESTION)))).isTrue();

        b.postJson("/documents", Map.of("texts", List.of(SampleTexts.SOURDOUGH), "ids", List.of("sourdough")));

        assertThat(cached(a.postJson("/query", Map.of("question", QUESTION)))).isFalse();
        assertThat(cached(a.postJson("/query", Map.of("question", QUESTION)))).isTrue();
    }

    @Test
    void aRedisOutageCostsOnlyTheCacheAndHitsReturnWithRedis() {
        a.postJson("/query", Map.of("question", QUESTION));
        redis.stop();

        // For up to a second the replica may still answer from its own copies of the version and the answer
        // (LocalCopies.KEEP); every answer is a 200 all along, and then one is computed without the cache.
        List<TestClient.Reply> duringOutage = new ArrayList<>();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> {
                    duringOutage.add(a.postJson("/query", Map.of("question", QUESTION)));
                    return !cached(duringOutage.getLast());
                });
        assertThat(duringOutage)
                .allSatisfy(reply -> assertThat(
                                reply.json().at("/sources/0/document_id").asText())
                        .isEqualTo("lighthouse"));
        assertThat(a.get("/status").json().get("status").asText()).isEqualTo("degraded");
        assertThat(a.get("/status").json().at("/dependencies/cache/available").asBoolean())
                .isFalse();
        assertThat(a.get("/health/ready").status()).isEqualTo(200);

        redis.restart();

        // Redis kept nothing, so the first answer after the restart is computed again, then cached.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(a.get("/status").json().get("status").asText())
                                .isEqualTo("ok"));
        a.postJson("/query", Map.of("question", QUESTION));
        assertThat(cached(b.postJson("/query", Map.of("question", QUESTION)))).isTrue();
    }

    private static boolean cached(TestClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("cached").asBoolean();
    }
}
