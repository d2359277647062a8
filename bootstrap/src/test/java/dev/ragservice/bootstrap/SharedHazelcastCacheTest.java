package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances whose embedded Hazelcast members form one cluster on loopback: the same sharing and
 * invalidation as with Redis, and the survivor keeps serving (and keeps its corpus versions) when a member goes.
 */
class SharedHazelcastCacheTest {

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    @Test
    void replicasShareAnswersInvalidateTogetherAndSurviveAMemberLeaving() {
        int portA = MemberPorts.free();
        int portB = MemberPorts.free();
        String[] cluster = {
            "CACHE_BACKEND",
            "hazelcast",
            "HAZELCAST_CLUSTER_NAME",
            "rag-test-" + UUID.randomUUID(),
            // Generous: this test is about sharing, and two members plus two models share 2 cores here.
            "HAZELCAST_OPERATION_TIMEOUT_MS",
            "2000",
            "HAZELCAST_MEMBERS",
            "127.0.0.1:" + portA + ",127.0.0.1:" + portB
        };
        try (RagServer replicaA = TestServers.start(dataA, with(cluster, "HAZELCAST_PORT", portA));
                RagServer replicaB = TestServers.start(dataB, with(cluster, "HAZELCAST_PORT", portB))) {
            TestClient a = new TestClient(replicaA.port());
            TestClient b = new TestClient(replicaB.port());
            for (TestClient replica : List.of(a, b)) {
                replica.postJson(
                        "/documents",
                        Map.of(
                                "texts",
                                List.of(SampleTexts.LIGHTHOUSE, SampleTexts.VOLCANO),
                                "ids",
                                List.of("lighthouse", "volcano")));
            }
            String question = SharedRedisCacheTest.QUESTION;

            assertThat(cached(a.postJson("/query", Map.of("question", question))))
                    .isFalse();
            assertThat(cached(b.postJson("/query", Map.of("question", question))))
                    .isTrue();

            b.postJson("/documents", Map.of("texts", List.of(SampleTexts.SOURDOUGH), "ids", List.of("sourdough")));
            assertThat(cached(a.postJson("/query", Map.of("question", question))))
                    .isFalse();
            assertThat(cached(a.postJson("/query", Map.of("question", question))))
                    .isTrue();

            replicaB.close();
            TestClient.Reply afterLeave = a.postJson("/query", Map.of("question", question));
            assertThat(afterLeave.status()).as(afterLeave.body()).isEqualTo(200);
            assertThat(afterLeave.json().at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
            // The survivor alone still caches (whether the entry itself survived depends on its partition).
            assertThat(cached(a.postJson("/query", Map.of("question", question))))
                    .isTrue();
        }
    }

    private static String[] with(String[] settings, String name, int value) {
        String[] all = java.util.Arrays.copyOf(settings, settings.length + 2);
        all[settings.length] = name;
        all[settings.length + 1] = Integer.toString(value);
        return all;
    }

    private static boolean cached(TestClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("cached").asBoolean();
    }
}
