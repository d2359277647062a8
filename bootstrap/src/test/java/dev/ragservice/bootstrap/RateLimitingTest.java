package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request limit at the HTTP edge of one real server: the RateLimit-* headers, the 429, who counts as one
 * client, which endpoints are never limited, the metrics, and what happens when the store is down.
 */
class RateLimitingTest {

    private static final String KEY = "sk-test-secret-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void aClientGetsItsBurstThenA429WithHeadersAndJsonWhileProbesAndMetricsStayOpen() {
        try (RagServer server = TestServers.start(dataDir, "RATE_LIMIT_RPM", "1", "RATE_LIMIT_BURST", "3")) {
            TestClient client = new TestClient(server.port());
            double limitedBefore = ObservabilityTest.sample(
                    client.get("/metrics").body(), "rag_rate_limited_total", "limit=\"requests\"");
            assertThat(ObservabilityTest.sample(
                            client.get("/metrics").body(), "rag_rate_limited_total", "limit=\"tokens\""))
                    .as("registered before the first refusal")
                    .isNotNegative();
            assertThat(ObservabilityTest.sample(client.get("/metrics").body(), "rag_rate_limit_store_errors_total"))
                    .isNotNegative();

            for (int remaining = 2; remaining >= 0; remaining--) {
                TestClient.Reply admitted = client.get("/", "X-API-Key", KEY);
                assertThat(admitted.status()).isEqualTo(200);
                assertThat(header(admitted, "RateLimit-Limit")).isEqualTo("3");
                assertThat(header(admitted, "RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
                assertThat(Long.parseLong(header(admitted, "RateLimit-Reset"))).isBetween(1L, 180L);
            }

            TestClient.Reply refused = client.get("/", "X-API-Key", KEY);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("rate_limited");
            assertThat(refused.json().at("/error/message").asText()).contains("too many requests");
            assertThat(Long.parseLong(header(refused, "Retry-After"))).isBetween(1L, 60L);
            assertThat(header(refused, "RateLimit-Limit")).isEqualTo("3");
            assertThat(header(refused, "RateLimit-Remaining")).isEqualTo("0");
            assertThat(refused.raw().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));

            // The same key as a bearer token is the same client; a POST to /query counts as well.
            assertThat(client.get("/", "Authorization", "Bearer " + KEY).status())
                    .isEqualTo(429);
            assertThat(client.postJson("/query", "{\"question\": \"x\"}").status())
                    .as("another client: the address, without a key")
                    .isEqualTo(200);

            for (String path : new String[] {"/health", "/health/live", "/health/ready", "/metrics", "/status"}) {
                for (int i = 0; i < 5; i++) {
                    TestClient.Reply reply = client.get(path, "X-API-Key", KEY);
                    assertThat(reply.status()).as(path).isIn(200, 204);
                    assertThat(reply.raw().headers().firstValue("RateLimit-Limit"))
                            .as(path)
                            .isEmpty();
                }
            }

            String metrics = client.get("/metrics").body();
            assertThat(ObservabilityTest.sample(metrics, "rag_rate_limited_total", "limit=\"requests\""))
                    .isEqualTo(limitedBefore + 2);
            assertThat(metrics).doesNotContain(KEY);
            JsonNode status = client.get("/status").json();
            assertThat(status.at("/adapters/rate_limit").asText()).isEqualTo("memory");
            assertThat(status.at("/dependencies/rate_limit/available").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void anUnreachableStoreAdmitsEveryRequestAndIsCounted() {
        try (RagServer server = TestServers.start(
                dataDir,
                "RATE_LIMIT_BACKEND",
                "redis",
                "REDIS_URL",
                "redis://127.0.0.1:" + closedPort(),
                "RATE_LIMIT_RPM",
                "1",
                "RATE_LIMIT_BURST",
                "1")) {
            TestClient client = new TestClient(server.port());
            double errorsBefore =
                    ObservabilityTest.sample(client.get("/metrics").body(), "rag_rate_limit_store_errors_total");
            for (int i = 0; i < 5; i++) {
                TestClient.Reply reply = client.get("/", "X-API-Key", KEY);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.raw().headers().firstValue("RateLimit-Limit"))
                        .as("nothing was decided")
                        .isEmpty();
            }
            assertThat(ObservabilityTest.sample(client.get("/metrics").body(), "rag_rate_limit_store_errors_total"))
                    .isEqualTo(errorsBefore + 5);
            JsonNode status = client.get("/status").json();
            assertThat(status.at("/dependencies/rate_limit/available").asBoolean())
                    .isFalse();
            assertThat(status.get("status").asText()).isEqualTo("degraded");
        }
    }

    @Test
    void anUnreachableStoreRefusesWith503WhenFailingClosed() {
        try (RagServer server = TestServers.start(
                dataDir,
                "RATE_LIMIT_BACKEND",
                "redis",
                "REDIS_URL",
                "redis://127.0.0.1:" + closedPort(),
                "RATE_LIMIT_FAIL_OPEN",
                "false")) {
            TestClient client = new TestClient(server.port());
            TestClient.Reply reply = client.get("/");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().at("/error/code").asText()).isEqualTo("rate_limiter_unavailable");
            assertThat(header(reply, "Retry-After")).isEqualTo("1");
            assertThat(client.get("/health/ready").status())
                    .as("probes are never limited")
                    .isIn(200, 204);
        }
    }

    @Test
    void theForwardedAddressSeparatesClientsOnlyWhenTrusted() {
        try (RagServer server = TestServers.start(
                dataDir, "RATE_LIMIT_RPM", "1", "RATE_LIMIT_BURST", "1", "RATE_LIMIT_TRUST_FORWARDED_FOR", "true")) {
            TestClient client = new TestClient(server.port());
            // The last address is the one the load balancer saw; the first is whatever the client claimed.
            assertThat(client.get("/", "X-Forwarded-For", "1.1.1.1, 10.0.0.1").status())
                    .isEqualTo(200);
            assertThat(client.get("/", "X-Forwarded-For", "2.2.2.2, 10.0.0.1").status())
                    .isEqualTo(429);
            assertThat(client.get("/", "X-Forwarded-For", "10.0.0.2").status()).isEqualTo(200);
        }
        try (RagServer server = TestServers.start(dataDir, "RATE_LIMIT_RPM", "1", "RATE_LIMIT_BURST", "1")) {
            TestClient client = new TestClient(server.port());
            assertThat(client.get("/", "X-Forwarded-For", "10.0.0.1").status()).isEqualTo(200);
            assertThat(client.get("/", "X-Forwarded-For", "10.0.0.2").status())
                    .as("untrusted: one address")
                    .isEqualTo(429);
        }
    }

    @Test
    void limitsCanBeTurnedOff() {
        try (RagServer server = TestServers.start(
                dataDir, "RATE_LIMIT_ENABLED", "false", "RATE_LIMIT_RPM", "1", "RATE_LIMIT_BURST", "1")) {
            TestClient client = new TestClient(server.port());
            for (int i = 0; i < 5; i++) {
                assertThat(client.get("/").status()).isEqualTo(200);
            }
            assertThat(client.get("/status").json().at("/adapters/rate_limit").asText())
                    .isEqualTo("off");
        }
    }

    private static String header(TestClient.Reply reply, String name) {
        return reply.raw()
                .headers()
                .firstValue(name)
                .orElseThrow(() -> new AssertionError(
                        "no " + name + " header in " + reply.raw().headers()));
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
