package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ragservice.adapters.pinecone.FakePinecone;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector store is the one dependency a query cannot do without: while it is down queries get 503 with
 * Retry-After and a JSON error, the breaker opens and then fails fast, readiness takes the pod out, {@code /status}
 * still answers; when the store is back everything recovers by itself. The store is Pinecone's data plane served
 * by {@link FakePinecone} over real gRPC on loopback, stopped and started again on the same port.
 */
class VectorStoreOutageTest {

    @TempDir
    Path dataDir;

    final FakePinecone pinecone = new FakePinecone(384);
    Server grpc;
    RagServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (grpc != null) {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void queriesFailWith503AndRetryAfterWhileTheStoreIsDownAndRecoverWhenItIsBack() throws Exception {
        grpc = serve(0);
        int port = grpc.getPort();
        server = TestServers.start(
                dataDir,
                "PINECONE_API_KEY",
                "pcsk_outage_test",
                "PINECONE_HOST",
                "127.0.0.1:" + port,
                "PINECONE_TIMEOUT_MS",
                "1000",
                "CIRCUIT_BREAKER_FAILURE_THRESHOLD",
                "3",
                "CIRCUIT_BREAKER_DELAY_MS",
                "1500",
                "RETRY_MAX_ATTEMPTS",
                "1");
        TestClient client = new TestClient(server.port());
        assertThat(client.postJson(
                                "/documents",
                                Map.of("texts", List.of(SampleTexts.LIGHTHOUSE), "ids", List.of("lighthouse")))
                        .status())
                .isEqualTo(200);
        assertThat(query(client).status()).isEqualTo(200);

        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

        for (int i = 0; i < 3; i++) {
            TestClient.Reply failed = query(client);
            assertThat(failed.status()).as(failed.body()).isEqualTo(503);
            assertThat(failed.json().get("error").get("code").asText()).isEqualTo("dependency_unavailable");
            assertThat(failed.raw().headers().firstValue("Retry-After")).isPresent();
        }
        TestClient.Reply fastFailure = query(client);
        assertThat(fastFailure.status()).isEqualTo(503);
        assertThat(fastFailure.json().get("error").get("message").asText()).contains("circuit open");
        assertThat(Long.parseLong(
                        fastFailure.raw().headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 2L);
        assertThat(client.get("/health/ready").status()).isEqualTo(503);
        assertThat(client.get("/health/live").status()).isEqualTo(200);
        TestClient.Reply status = client.get("/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("down");
        assertThat(status.json()
                        .get("circuit_breakers")
                        .get("vector_store")
                        .get("state")
                        .asText())
                .isEqualTo("open");
        assertThat(status.json().get("documents").isNull())
                .as("unknown while the store is down, not an empty index")
                .isTrue();
        assertThat(status.json().get("chunks").isNull()).isTrue();

        grpc = serve(port);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> query(client).status() == 200);
        TestClient.Reply answered = query(client);
        assertThat(answered.json().get("sources").get(0).get("document_id").asText())
                .isEqualTo("lighthouse");
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
    }

    private static TestClient.Reply query(TestClient client) {
        return client.postJson("/query", Map.of("question", "Who invented the lighthouse lens?", "use_cache", false));
    }

    private Server serve(int port) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addService(pinecone)
                .build()
                .start();
    }
}
