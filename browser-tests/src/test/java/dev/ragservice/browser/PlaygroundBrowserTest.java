package dev.ragservice.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.bootstrap.RagServer;
import dev.ragservice.bootstrap.TestKeys;
import dev.ragservice.bootstrap.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground in headless Chromium against the real service with access control on: {@code e2e.mjs} (run by
 * Node, driving {@code /usr/bin/chromium} through playwright-core) ingests, asks, follows {@code [1]} to its
 * source, reads the admin status, meets the messages of a wrong key (401), a namespace the key may not use (403), a
 * body too large (413) and a key over its rate limit (429), and checks that no request leaves the origin; it writes
 * screenshots to {@code target/}. Each test fails with its script's exit code and prints what the script said.
 */
class PlaygroundBrowserTest {

    private static final TestKeys.Key OWNER = TestKeys.Key.of("playground", "[query, ingest]", "[demo]");
    private static final TestKeys.Key ADMIN = TestKeys.Key.of("ops", "[admin]", "\"*\"");
    /** One request a minute: its second question is refused with 429. */
    private static final TestKeys.Key LIMITED =
            TestKeys.Key.of("limited", "[query]", "[demo]").with("rpm: 1");

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Far above what a script takes (seconds); only a hung browser meets it. */
    private static final long SCRIPT_LIMIT_SECONDS = 300;

    @TempDir
    static Path dataDir;

    @TempDir
    static Path keysDir;

    private final Path module = Path.of("").toAbsolutePath();

    @Test
    void thePlaygroundWorksInHeadlessChromium() throws IOException, InterruptedException {
        assertThat(CHROMIUM)
                .as("Debian's chromium (scripts/test installs it: apt-get install -y chromium)")
                .isExecutable();
        assertThat(module.resolve("node_modules/playwright-core"))
                .as("playwright-core (scripts/test installs it: npm ci in browser-tests)")
                .isDirectory();
        Path target = Files.createDirectories(module.resolve("target"));
        // Screenshots of an earlier run must not pass for this one's.
        for (String screenshot : List.of("playground-desktop.png", "playground-360.png")) {
            Files.deleteIfExists(target.resolve(screenshot));
        }
        Path keys = TestKeys.write(keysDir.resolve("keys.yaml"), OWNER, ADMIN, LIMITED);
        try (RagServer server = TestServers.start(
                dataDir,
                "API_KEYS_FILE",
                keys.toString(),
                // Far above the page's documents, below the text the script pastes to meet the 413.
                "MAX_BODY_BYTES",
                "65536")) {
            node(
                    target.resolve("e2e.log"),
                    Map.of(
                            "E2E_OWNER_KEY", OWNER.secret(),
                            "E2E_ADMIN_KEY", ADMIN.secret(),
                            "E2E_LIMITED_KEY", LIMITED.secret(),
                            "E2E_OUTPUT_DIR", target.toString(),
                            "CHROMIUM", CHROMIUM.toString()),
                    "e2e.mjs",
                    "http://127.0.0.1:" + server.port() + "/");
        }
        assertThat(target.resolve("playground-desktop.png")).isNotEmptyFile();
        assertThat(target.resolve("playground-360.png")).isNotEmptyFile();
    }

    /** The page's reader of the native answer stream, against the protocol, with Node's own test runner. */
    @Test
    void thePagesStreamReaderFollowsTheProtocol() throws IOException, InterruptedException {
        Path target = Files.createDirectories(module.resolve("target"));
        node(target.resolve("events-test.log"), Map.of(), "--test", "test/");
    }

    /** Runs Node in this module's folder and fails unless it exits with 0 within the limit. */
    private void node(Path log, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node")
                .directory(module.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.command().addAll(List.of(arguments));
        builder.environment().putAll(environment);
        Process script = builder.start();
        boolean exited = script.waitFor(SCRIPT_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(exited)
                .as("node %s finished within %d s:%n%s", String.join(" ", arguments), SCRIPT_LIMIT_SECONDS, output)
                .isTrue();
        assertThat(script.exitValue())
                .as("exit code of node %s:%n%s", String.join(" ", arguments), output)
                .isZero();
    }
}
