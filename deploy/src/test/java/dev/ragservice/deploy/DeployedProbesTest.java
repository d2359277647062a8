package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.bootstrap.RagServer;
import dev.ragservice.bootstrap.TestClient;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.domain.access.ApiKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The real server, configured the way the Deployment and its ConfigMap (or the Helm chart's values) configure a
 * pod, with a keys file like the example Secret's: every probe path the manifests name answers 200 without a key,
 * /metrics answers on the metrics port without a key, and the API port refuses /status without one. Only the
 * address, the ports (free ones), the data directory and the keys file's directory differ from a pod's.
 */
class DeployedProbesTest {

    /** A key the test adds to the example's entries, to show that the refusals are about the missing key. */
    private static final String ADMIN_KEY = "rag_deployed-probes-test-admin";

    @TempDir
    Path dataDir;

    @TempDir
    Path keysDir;

    @Test
    void theManifestsSettingsStartTheServiceWithAccessControlOnAndItsProbesAnswer() throws IOException {
        KubernetesManifests manifests = KubernetesManifests.load();
        Container container = manifests
                .named(Deployment.class, "rag-service")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        Map<String, String> environment = new HashMap<>(
                manifests.named(ConfigMap.class, "rag-service-config").getData());
        for (EnvVar env : container.getEnv()) {
            if (env.getValue() != null) {
                environment.put(env.getName(), env.getValue());
            }
        }
        // The manifests' store is a cluster every pod shares, which this test cannot reach: the embedded store
        // stands in for it. plugins/opensearch's TwoReplicasIT runs the OpenSearch set-up for real.
        assertThat(environment.remove("VECTOR_STORE")).isIn("opensearch", "pinecone");
        List<String> paths =
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                        .stream()
                        .map(Probe::getHttpGet)
                        .map(get -> get.getPath())
                        .toList();
        assertThat(paths).containsExactly("/health/live", "/health/live", "/health/ready");
        assertServesAsDeployed(environment, paths);
    }

    @Test
    void theHelmValuesStartTheServiceWithAccessControlOnAndItsProbesAnswer() throws IOException {
        Map<String, Object> values = DeployFiles.yaml("deploy/helm/rag-service/values.yaml");
        Map<String, String> environment = new HashMap<>();
        KubernetesManifestsTest.map(values.get("config"))
                .forEach((name, value) -> environment.put(name, value.toString()));
        environment.put(
                "CACHE_BACKEND",
                KubernetesManifestsTest.map(values.get("adapters")).get("cache").toString());
        environment.put("PORT", values.get("port").toString());
        environment.put(
                "PROMETHEUS_PORT",
                KubernetesManifestsTest.map(values.get("metrics")).get("port").toString());
        Map<String, Object> auth = KubernetesManifestsTest.map(values.get("auth"));
        assertThat(auth.get("enabled")).isEqualTo(true);
        // The directory is the template's; HelmChartTest holds it to the plain manifests' mount.
        environment.put("API_KEYS_FILE", "/etc/rag-service/keys/" + auth.get("secretKey"));
        assertServesAsDeployed(environment, List.of("/health/live", "/health/ready"));
    }

    private void assertServesAsDeployed(Map<String, String> environment, List<String> probePaths) throws IOException {
        // The deployed settings must be accepted as they are before the test moves to free ports and its own files.
        Settings deployed = Settings.from(environment);
        assertThat(deployed.port()).isEqualTo(8000);
        assertThat(deployed.operations().separateMetricsPort()).isTrue();
        assertThat(deployed.apiKeysFile()).as("access control on").isPresent();
        Path keysFile = keysDir.resolve(deployed.apiKeysFile().get().getFileName());
        writeKeysLikeTheExampleSecret(keysFile);
        environment.put("HOST", "127.0.0.1");
        environment.put("PORT", "0");
        environment.put("PROMETHEUS_PORT", Integer.toString(freePort()));
        environment.put("DATA_DIR", dataDir.toString());
        environment.put("API_KEYS_FILE", keysFile.toString());
        try (RagServer server = RagServer.start(Settings.from(environment))) {
            TestClient api = new TestClient(server.port());
            for (String path : probePaths) {
                TestClient.Reply reply = api.get(path);
                assertThat(reply.status())
                        .as("%s without a key: %s", path, reply.body())
                        .isEqualTo(200);
            }
            TestClient.Reply scrape = new TestClient(server.metricsPort()).get("/metrics");
            assertThat(scrape.status())
                    .as("/metrics on the metrics port without a key")
                    .isEqualTo(200);
            assertThat(PrometheusExposition.parse(scrape.body()).has("rag_requests_total"))
                    .isTrue();

            assertThat(api.get("/status").status()).as("/status without a key").isEqualTo(401);
            assertThat(api.get("/metrics").status())
                    .as("/metrics on the API port without a key")
                    .isEqualTo(401);
            assertThat(api.get("/status", "Authorization", "Bearer " + ADMIN_KEY)
                            .status())
                    .isEqualTo(200);
        }
    }

    /** The example Secret's file of that name, plus an admin key whose secret the test knows. */
    private static void writeKeysLikeTheExampleSecret(Path file) throws IOException {
        Map<String, String> files = KubernetesManifests.apiKeysExample().getStringData();
        String name = file.getFileName().toString();
        assertThat(files)
                .as("the example Secret holds the file API_KEYS_FILE names")
                .containsKey(name);
        Map<String, Object> content = new Yaml().load(files.get(name));
        List<Object> entries = new ArrayList<>(KubernetesManifestsTest.list(content.get("keys")));
        entries.add(Map.of(
                "id",
                "deployed-probes-test",
                "sha256",
                ApiKey.hash(ADMIN_KEY),
                "scopes",
                List.of("admin"),
                "namespaces",
                "*"));
        Files.writeString(file, new Yaml().dump(Map.of("keys", entries)));
    }

    /** A port nobody listens on now; the server binds it a moment later. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
