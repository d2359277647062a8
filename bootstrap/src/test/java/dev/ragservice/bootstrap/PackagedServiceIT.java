package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar {@code scripts/run} and the image start, after packaging (failsafe, {@code integration-test} phase): its
 * manifest class path must hold every library the service needs at run time. Unit tests run on Maven's test class
 * path, which once hid a library scoped to tests only that the OpenAPI feature needs at start-up.
 */
class PackagedServiceIT {

    @TempDir
    Path workDir;

    @Test
    void thePackagedJarServesTheWholeApiAndStopsCleanly() throws Exception {
        Path jar = Path.of("target", "rag-service.jar");
        assertThat(jar).as("built by the package phase").exists();
        Files.createDirectories(workDir);

        try (ServiceProcess service = ServiceProcess.fromJar(workDir, jar, List.of())) {
            TestClient client = new TestClient(service.port());
            assertThat(client.postJson(
                                    "/documents",
                                    Map.of("texts", List.of(SampleTexts.LIGHTHOUSE), "ids", List.of("lighthouse")))
                            .status())
                    .isEqualTo(200);
            TestClient.Reply answer = client.postJson("/query", Map.of("question", "Who invented the lens?"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
            for (String path : List.of("/", "/status", "/health", "/metrics", "/openapi")) {
                assertThat(client.get(path).status()).as(path).isEqualTo(200);
            }

            service.process().destroy();
            assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(service.process().exitValue())
                    .as("SIGTERM is a clean stop")
                    .isZero();
        }
    }
}
