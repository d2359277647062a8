package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable the deployment files set is one the service (or a library under it) reads: a
 * misspelt {@code REDIS_URI} would otherwise be ignored in silence and the pods would cache alone.
 */
class DeployEnvironmentTest {

    private static final Pattern TEMPLATE_ENV = Pattern.compile("- name: ([A-Z][A-Z0-9_]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern TEMPLATE_KEY = Pattern.compile("^\\s+([A-Z][A-Z0-9_]+):", Pattern.MULTILINE);
    private static final Pattern DOCKER_ENV = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=");
    private static final Pattern JIB_ENVIRONMENT = Pattern.compile("<environment>(.*?)</environment>", Pattern.DOTALL);
    private static final Pattern XML_ELEMENT = Pattern.compile("<([A-Z][A-Z0-9_]+)>");

    final Set<String> known = ServiceEnvironment.variables();

    @Test
    void theScanFindsVariablesReadEveryWayTheSourcesReadThem() {
        assertThat(ServiceEnvironment.readBySources())
                .contains(
                        "PORT",
                        "DATA_DIR",
                        "LOG_LEVEL", // Settings, PluginConfig getters
                        "EMBEDDING_PROVIDER", // the provider registry
                        "REDIS_URL",
                        "REDIS_POOL_SIZE", // constants of RedisSettings
                        "EMBEDDING_BATCH_SIZE", // a (config, "NAME", default) helper
                        "HAZELCAST_KUBERNETES_SERVICE_DNS",
                        "OPENAI_API_KEY",
                        "PINECONE_API_KEY")
                .doesNotContain("GET", "INFO", "UP");
        ServiceEnvironment.READ_BY_LIBRARIES
                .keySet()
                .forEach(variable -> assertThat(ServiceEnvironment.libraryReads(variable))
                        .as(variable)
                        .isTrue());
    }

    @Test
    void theKubernetesManifestsSetOnlyVariablesTheServiceReads() {
        KubernetesManifests manifests = KubernetesManifests.load();
        Set<String> used = new TreeSet<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container :
                    deployment.getSpec().getTemplate().getSpec().getContainers()) {
                if (container.getEnv() != null) {
                    container.getEnv().stream().map(EnvVar::getName).forEach(used::add);
                }
            }
        }
        manifests
                .all(ConfigMap.class)
                .forEach(config -> used.addAll(config.getData().keySet()));
        assertThat(used).contains("PORT", "DATA_DIR", "OPENAI_API_KEY", "CACHE_BACKEND");
        assertThat(unknown(used)).as("variables no code reads").isEmpty();
    }

    @Test
    void theHelmChartSetsOnlyVariablesTheServiceReads() {
        Set<String> used = new TreeSet<>();
        Map<String, Object> values = DeployFiles.yaml("deploy/helm/rag-service/values.yaml");
        used.addAll(KubernetesManifestsTest.map(values.get("config")).keySet());
        for (Path template :
                DeployFiles.files("deploy/helm/rag-service/templates", "deployment.yaml", "configmap.yaml")) {
            String text =
                    DeployFiles.read(DeployFiles.root().relativize(template).toString());
            collect(TEMPLATE_ENV.matcher(text), used);
            collect(TEMPLATE_KEY.matcher(text), used);
        }
        assertThat(used).contains("PORT", "SHUTDOWN_GRACE_SECONDS", "CACHE_BACKEND", "EMBEDDING_PROVIDER", "REDIS_URL");
        assertThat(unknown(used)).as("variables no code reads").isEmpty();
    }

    @Test
    void theImagesSetOnlyVariablesTheServiceOrItsLibrariesRead() {
        Set<String> docker = new TreeSet<>();
        String dockerfile = DockerfileTest.instructions().stream()
                .filter(instruction -> instruction.startsWith("ENV "))
                .reduce("", String::concat);
        collect(DOCKER_ENV.matcher(dockerfile), docker);
        assertThat(docker).contains("OPT_OUT_TRACKING", "DJL_CACHE_DIR", "DATA_DIR", "PORT");

        Set<String> jib = new TreeSet<>();
        Matcher environment = JIB_ENVIRONMENT.matcher(DeployFiles.read("bootstrap/pom.xml"));
        assertThat(environment.find()).isTrue();
        collect(XML_ELEMENT.matcher(environment.group(1)), jib);
        assertThat(jib).isEqualTo(docker);
        assertThat(unknown(docker)).isEmpty();
    }

    private Set<String> unknown(Set<String> used) {
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(known);
        return unknown;
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }
}
