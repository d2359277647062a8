package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PROMETHEUS_ENABLED} and {@code PROMETHEUS_PORT}: where {@code /metrics} is served, and where not. */
class MetricsEndpointTest {

    @TempDir
    Path dataDir;

    @Test
    void disabledMetricsAreAnUnknownPath() {
        try (RagServer server = TestServers.start(dataDir, "PROMETHEUS_ENABLED", "false")) {
            TestClient client = new TestClient(server.port());
            TestClient.Reply metrics = client.get("/metrics");
            assertThat(metrics.status()).isEqualTo(404);
            assertThat(metrics.json().at("/error/code").asText()).isEqualTo("not_found");
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void aPrometheusPortOfItsOwnServesOnlyMetrics() throws IOException {
        int prometheusPort = freePort();
        try (RagServer server = TestServers.start(dataDir, "PROMETHEUS_PORT", Integer.toString(prometheusPort))) {
            assertThat(server.metricsPort()).isEqualTo(prometheusPort).isNotEqualTo(server.port());
            TestClient service = new TestClient(server.port());
            TestClient metrics = new TestClient(prometheusPort);
            assertThat(service.get("/").status()).isEqualTo(200);

            TestClient.Reply scrape = metrics.get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body()).contains("# TYPE rag_requests_total counter");

            TestClient.Reply onServicePort = service.get("/metrics");
            assertThat(onServicePort.status()).isEqualTo(404);
            assertThat(onServicePort.json().at("/error/code").asText()).isEqualTo("not_found");
            TestClient.Reply apiOnMetricsPort = metrics.postJson("/query", "{\"question\": \"anything\"}");
            assertThat(apiOnMetricsPort.status()).isEqualTo(404);
            assertThat(apiOnMetricsPort.json().at("/error/code").asText()).isEqualTo("not_found");
            assertThat(metrics.get("/health/ready").status()).isEqualTo(404);
        }
    }

    @Test
    void aPrometheusPortEqualToThePortIsTheServicePort() {
        try (RagServer server = TestServers.start(dataDir, "PORT", "0", "PROMETHEUS_PORT", "0")) {
            assertThat(server.metricsPort()).isEqualTo(server.port());
            assertThat(new TestClient(server.port()).get("/metrics").status()).isEqualTo(200);
        }
    }

    /** A port nobody listens on now; the server binds it a moment later (a race no test here loses). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
