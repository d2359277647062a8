package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.testsupport.ServiceProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory per request is bounded by the request's size: a service with a 256 MiB heap is sent 1 MiB of prose with
 * 1 MiB of metadata (once some 2 GiB of allocations, which ended the JVM on OutOfMemoryError), refuses it, and keeps
 * answering.
 */
class SmallHeapTest {

    @TempDir
    Path workDir;

    @Test
    void aServiceWithA256MiBHeapRefusesAHugeDocumentAndKeepsAnswering() {
        try (ServiceProcess service = ServiceProcess.fromClassPath(
                workDir, Main.class.getName(), List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"))) {
            TestClient client = new TestClient(service.port());
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (int i = 0; i < 16; i++) {
                metadata.put("field" + i, "m".repeat(64 * 1024));
            }
            String prose = "The keeper trimmed the wick and wound the clockwork that turned the lens. ".repeat(14_000);
            TestClient.Reply huge =
                    client.postJson("/documents", Map.of("texts", List.of(prose), "metadatas", List.of(metadata)));
            assertThat(huge.status()).as(huge.body()).isEqualTo(413);
            assertThat(huge.json().at("/error/code").asText()).isEqualTo("limit_exceeded");

            assertThat(client.postJson("/documents", Map.of("texts", List.of(SampleTexts.LIGHTHOUSE)))
                            .status())
                    .isEqualTo(200);
            assertThat(client.postJson("/query", Map.of("question", "Who invented the lens?"))
                            .status())
                    .isEqualTo(200);
            assertThat(service.process().isAlive()).isTrue();
        }
    }
}
