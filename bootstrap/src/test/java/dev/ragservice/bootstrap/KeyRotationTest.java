package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotated Secret takes effect without a restart: while clients keep asking with the old and the new key, the
 * keys file is replaced; the old key is refused within seconds, the new one accepted, and no request fails for
 * any other reason. A file that then fails to parse keeps the keys in force and says so in /status.
 */
class KeyRotationTest {

    private static final TestKeys.Key OLD = TestKeys.Key.of("reader-2025", "[query]", "[acme]");
    private static final TestKeys.Key NEW =
            new TestKeys.Key("reader-2026", "rag_test-rotated", "[query]", "[acme]", "");
    private static final TestKeys.Key OPS = AccessControlTest.OPS;

    @TempDir
    Path dataDir;

    @TempDir
    Path keysDir;

    @Test
    void theOldKeyIsRefusedAndTheNewAcceptedWithinSecondsAndNothingElseFails() throws Exception {
        Path file = TestKeys.write(keysDir.resolve("keys.yaml"), OLD, OPS);
        try (RagServer server = TestServers.start(dataDir, "API_KEYS_FILE", file.toString())) {
            TestClient client = new TestClient(server.port());
            Set<Integer> oldStatuses = ConcurrentHashMap.newKeySet();
            Set<Integer> newStatuses = ConcurrentHashMap.newKeySet();
            AtomicBoolean asking = new AtomicBoolean(true);
            Thread clients = Thread.ofVirtual().start(() -> {
                while (asking.get()) {
                    oldStatuses.add(ask(client, OLD));
                    newStatuses.add(ask(client, NEW));
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> oldStatuses.contains(200));

            TestKeys.write(file, NEW, OPS);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(ask(client, OLD)).isEqualTo(401);
                assertThat(ask(client, NEW)).isEqualTo(200);
            });
            asking.set(false);
            clients.join();

            assertThat(oldStatuses).as("the old key: accepted, then unknown").containsOnly(200, 401);
            assertThat(newStatuses).as("the new key: unknown, then accepted").containsOnly(401, 200);
        }
    }

    @Test
    void aFileThatFailsToParseKeepsTheKeysInForceAndSaysWhy() throws Exception {
        Path file = TestKeys.write(keysDir.resolve("keys.yaml"), OLD, OPS);
        try (RagServer server = TestServers.start(dataDir, "API_KEYS_FILE", file.toString())) {
            TestClient client = new TestClient(server.port());
            Files.writeString(file, "keys:\n  - id: broken\n    scopes: [query]\n");

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(client.get("/status", "Authorization", OPS.bearer())
                                    .json()
                                    .at("/api_keys/file_error")
                                    .asText())
                            .contains("'sha256' is required"));
            assertThat(ask(client, OLD)).as("still in force").isEqualTo(200);

            TestKeys.write(file, NEW, OPS);
            await().atMost(Duration.ofSeconds(5)).until(() -> ask(client, NEW) == 200);
            assertThat(client.get("/status", "Authorization", OPS.bearer())
                            .json()
                            .at("/api_keys/file_error")
                            .isMissingNode())
                    .isTrue();
        }
    }

    private static int ask(TestClient client, TestKeys.Key key) {
        return client.request(
                        "POST",
                        "/query",
                        Map.of("question", "Who invented the lens?", "k", 1),
                        "Authorization",
                        key.bearer())
                .status();
    }
}
