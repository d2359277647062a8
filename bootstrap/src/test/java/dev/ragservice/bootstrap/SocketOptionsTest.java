package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every listener of the running server accepts connections with Nagle's algorithm off. With it on, a response
 * larger than the write buffer (an answer of ten paragraph-sized sources) waited up to 40 ms for the client's
 * delayed ACK of its first part; latency benchmarks measure the effect, this test keeps the setting.
 */
class SocketOptionsTest {

    @TempDir
    Path dataDir;

    @Test
    void everyListenerHasNagleOff() throws IOException {
        try (RagServer server =
                TestServers.start(dataDir, "PROMETHEUS_PORT", Integer.toString(MetricsEndpointTest.freePort()))) {
            WebServerConfig config = server.webServer().prototype();
            assertThat(config.connectionOptions().tcpNoDelay())
                    .as("the service's listener")
                    .isTrue();
            assertThat(config.sockets()).as("the metrics listener").containsKey(RagServer.METRICS_SOCKET);
            assertThat(config.sockets()
                            .get(RagServer.METRICS_SOCKET)
                            .connectionOptions()
                            .tcpNoDelay())
                    .isTrue();
        }
    }
}
