package dev.ragservice.plugins.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the conformance kit does not cover: the index's model, failures and deadlines, against the real cluster. */
class OpenSearchVectorStoreIT {

    @RegisterExtension
    static final OpenSearchCluster CLUSTER = new OpenSearchCluster();

    static final IndexSpec MINI_LM = new IndexSpec("all-minilm-l6-v2", 4);

    @Test
    void anIndexOfAnotherModelIsRefusedAtStartUp() {
        create("models", MINI_LM).close();

        assertThatThrownBy(() -> create("models", new IndexSpec("text-embedding-3-small", 4)))
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining("OPENSEARCH_INDEX");
        assertThatThrownBy(() -> create("models", new IndexSpec("all-minilm-l6-v2", 8)))
                .isInstanceOf(IncompatibleIndexException.class);
        create("models", MINI_LM).close();
    }

    @Test
    void anIndexTheServiceDidNotCreateIsRefused() {
        CLUSTER.request("PUT", "/someone-elses", "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"text\"}}}}");

        assertThatThrownBy(() -> create("someone-elses", MINI_LM))
                .isInstanceOf(IncompatibleIndexException.class)
                .hasMessageContaining("not created by this plugin");
    }

    @Test
    void anUnreachableClusterIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        PluginConfig config = PluginConfig.of(
                Map.of("OPENSEARCH_URL", "http://127.0.0.1:" + closedPort, "OPENSEARCH_TIMEOUT_MS", "2000"));

        assertThatThrownBy(() -> new OpenSearchVectorStoreProvider().create(MINI_LM, config))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.dependency()).isEqualTo("opensearch");
                    assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE);
                });
    }

    @Test
    void aCallPastItsDeadlineTimesOutAndTheStoreStaysUsable() {
        try (VectorStore store = create("deadlines", MINI_LM)) {
            VectorQuery query = new VectorQuery("ns", new float[] {1, 0, 0, 0}, 3, Filter.ALL);

            assertThatThrownBy(() -> store.search(query, Deadline.after(Duration.ofNanos(1))))
                    .isInstanceOfSatisfying(
                            DependencyException.class,
                            e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.TIMED_OUT));
            assertThat(store.search(query, Deadline.after(Duration.ofSeconds(30))))
                    .isEmpty();
            assertThat(store.isAvailable()).isTrue();
        }
    }

    @Test
    void aClosedStoreIsUnavailable() {
        VectorStore store = create("closing", MINI_LM);
        store.close();

        assertThat(store.isAvailable()).isFalse();
        assertThatThrownBy(() -> store.stats("ns", Deadline.after(Duration.ofSeconds(5))))
                .isInstanceOf(DependencyException.class);
    }

    private static VectorStore create(String index, IndexSpec spec) {
        return new OpenSearchVectorStoreProvider()
                .create(
                        spec,
                        PluginConfig.of(Map.of(
                                "OPENSEARCH_URL",
                                CLUSTER.urls(),
                                "OPENSEARCH_INDEX",
                                index,
                                "OPENSEARCH_TIMEOUT_MS",
                                "30000")));
    }
}
