package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import dev.ragservice.adapters.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three service instances in one JVM share one limit through the store: together they admit the limit once,
 * not three times, however the requests of one client are spread over them and however they race.
 */
class SharedRateLimitTest {

    /** Requests of one client, all at once, spread round-robin over the three instances. */
    private static final int REQUESTS = 45;

    private static final int LIMIT = 10;

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    @TempDir
    Path dataC;

    @Test
    void threeInstancesSharingRedisAdmitTheSlidingWindowLimitOnceInTotal() {
        try (RedisServer redis = RedisServer.start()) {
            String[] shared = {
                "REDIS_URL",
                redis.url(),
                "CACHE_BACKEND",
                "redis",
                "REDIS_TIMEOUT_MS",
                "2000",
                "RATE_LIMIT_ALGORITHM",
                "sliding_window",
                "RATE_LIMIT_RPM",
                Integer.toString(LIMIT),
                "RATE_LIMIT_WINDOW_SECONDS",
                "60"
            };
            try (RagServer a = TestServers.start(dataA, shared);
                    RagServer b = TestServers.start(dataB, shared);
                    RagServer c = TestServers.start(dataC, shared)) {
                double errorsBefore = storeErrors(a);
                assertThat(admitted(List.of(a, b, c), "sk-redis-client")).isEqualTo(LIMIT);
                assertThat(admitted(List.of(a, b, c), "sk-another-client"))
                        .as("another client's own limit")
                        .isEqualTo(LIMIT);
                assertThat(storeErrors(a)).as("no decision failed open").isEqualTo(errorsBefore);
            }
        }
    }

    /** Both algorithms: Bucket4j's entry processor and ours must both travel between members inside the service. */
    @ParameterizedTest
    @ValueSource(strings = {"token_bucket", "sliding_window"})
    void threeInstancesWhoseHazelcastMembersFormOneClusterAdmitTheLimitOnceInTotal(String algorithm) {
        int[] ports = {MemberPorts.free(), MemberPorts.free(), MemberPorts.free()};
        String members =
                IntStream.of(ports).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        // A token bucket with RPM 1 refills no whole token over the seconds this test takes; a window of 60 s with
        // RPM 10 admits 10.
        String perMinute = algorithm.equals("token_bucket") ? "1" : Integer.toString(LIMIT);
        String[] cluster = {
            "CACHE_BACKEND",
            "hazelcast",
            "HAZELCAST_CLUSTER_NAME",
            "rag-limit-" + UUID.randomUUID(),
            "HAZELCAST_OPERATION_TIMEOUT_MS",
            "5000",
            "HAZELCAST_MEMBERS",
            members,
            "RATE_LIMIT_ALGORITHM",
            algorithm,
            "RATE_LIMIT_RPM",
            perMinute,
            "RATE_LIMIT_BURST",
            Integer.toString(LIMIT),
            "RATE_LIMIT_WINDOW_SECONDS",
            "60"
        };
        try (RagServer a = TestServers.start(dataA, with(cluster, "HAZELCAST_PORT", ports[0]));
                RagServer b = TestServers.start(dataB, with(cluster, "HAZELCAST_PORT", ports[1]));
                RagServer c = TestServers.start(dataC, with(cluster, "HAZELCAST_PORT", ports[2]))) {
            assertThat(new TestClient(a.port())
                            .get("/status")
                            .json()
                            .at("/adapters/rate_limit")
                            .asText())
                    .isEqualTo("hazelcast");
            // Until the members have joined and spread the partitions, calls may time out, and the limiter then
            // fails open: that is the policy, not what this test is about.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Hazelcast.getAllHazelcastInstances().stream()
                            .filter(member ->
                                    member.getConfig().getClusterName().equals(cluster[3]))
                            .allMatch(member -> member.getCluster().getMembers().size() == 3
                                    && member.getPartitionService().isClusterSafe()));
            double errorsBefore = storeErrors(a);
            assertThat(admitted(List.of(a, b, c), "sk-hazelcast-client")).isEqualTo(LIMIT);
            assertThat(storeErrors(a)).as("no decision failed open").isEqualTo(errorsBefore);
        }
    }

    /** Sends {@link #REQUESTS} concurrent requests of one client, round-robin; returns how many got a 200. */
    private static long admitted(List<RagServer> servers, String apiKey) {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                TestClient client =
                        new TestClient(servers.get(i % servers.size()).port());
                statuses.add(clients.submit(
                        () -> client.get("/", "X-API-Key", apiKey).status()));
            }
            List<Integer> codes =
                    statuses.stream().map(SharedRateLimitTest::join).toList();
            assertThat(codes).as("only admissions and refusals").containsOnly(200, 429);
            return codes.stream().filter(code -> code == 200).count();
        }
    }

    /** The JVM's count of failed store calls (the three instances share one metrics registry). */
    private static double storeErrors(RagServer server) {
        return ObservabilityTest.sample(
                new TestClient(server.port()).get("/metrics").body(), "rag_rate_limit_store_errors_total");
    }

    private static int join(Future<Integer> status) {
        try {
            return status.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String[] with(String[] settings, String name, int value) {
        String[] all = java.util.Arrays.copyOf(settings, settings.length + 2);
        all[settings.length] = name;
        all[settings.length + 1] = Integer.toString(value);
        return all;
    }
}
