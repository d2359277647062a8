package dev.ragservice.plugins.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.IndexSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster that accepts connections and never answers: the client's response timeout is the deadline. */
class SilentClusterTest {

    @Test
    void aClusterThatNeverAnswersTimesOut() throws IOException {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            PluginConfig config = PluginConfig.of(Map.of(
                    "OPENSEARCH_URL", "http://127.0.0.1:" + silent.getLocalPort(), "OPENSEARCH_TIMEOUT_MS", "300"));

            assertThatThrownBy(() -> new OpenSearchVectorStoreProvider().create(new IndexSpec("m", 4), config))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DependencyException.Kind.TIMED_OUT);
                        assertThat(e.getMessage()).contains("no answer within");
                    });
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
