package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.bootstrap.RagServer;
import dev.ragservice.bootstrap.TestClient;
import dev.ragservice.bootstrap.config.Settings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, configured the way the Deployment and its ConfigMap (or the Helm chart's values) configure a
 * pod, answers 200 on every probe path the manifests name. Only the address, the port (a free one) and the data
 * directory differ from a pod's.
 */
class DeployedProbesTest {

    @TempDir
    Path dataDir;

    @Test
    void theManifestsSettingsStartTheServiceAndItsProbesAnswer() {
        KubernetesManifests manifests = KubernetesManifests.load();
        Container container = manifests.named(Deployment.class, "rag-service")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
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
        List<String> paths = List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe()).stream().map(Probe::getHttpGet).map(get -> get.getPath()).toList();
        assertThat(paths).containsExactly("/health/live", "/health/live", "/health/ready");
        assertProbesAnswer(environment, paths);
    }

    @Test
    void theHelmValuesStartTheServiceAndItsProbesAnswer() {
        Map<String, Object> values = DeployFiles.yaml("deploy/helm/rag-service/values.yaml");
        Map<String, String> environment = new HashMap<>();
        KubernetesManifestsTest.map(values.get("config")).forEach((name, value) -> environment.put(name, value.toString()));
        environment.put("CACHE_BACKEND", KubernetesManifestsTest.map(values.get("adapters")).get("cache").toString());
        environment.put("PORT", values.get("port").toString());
        assertProbesAnswer(environment, List.of("/health/live", "/health/ready"));
    }

    private void assertProbesAnswer(Map<String, String> environment, List<String> paths) {
        // The manifests' PORT is 8000; the settings must accept it before the test moves to a free port.
        assertThat(Settings.from(environment).port()).isEqualTo(8000);
        environment.put("HOST", "127.0.0.1");
        environment.put("PORT", "0");
        environment.put("DATA_DIR", dataDir.toString());
        try (RagServer server = RagServer.start(Settings.from(environment))) {
            TestClient client = new TestClient(server.port());
            for (String path : paths) {
                TestClient.Reply reply = client.get(path);
                assertThat(reply.status()).as("%s: %s", path, reply.body()).isEqualTo(200);
            }
        }
    }
}
