package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.bootstrap.http.PlaygroundService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground's static files on the real server with access control on and a tight rate limit: public, never
 * limited, each with its content type, the strict CSP and {@code nosniff}; nothing outside its folder is served,
 * and {@code GET /} stays the JSON info. The page itself runs in a browser in the {@code browser-tests} module.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundTest {

    private static final TestKeys.Key OWNER = TestKeys.Key.of("owner", "[query, ingest]", "[demo]");

    @TempDir
    static Path dataDir;

    @TempDir
    static Path keysDir;

    private RagServer server;
    private TestClient client;

    @BeforeAll
    void start() {
        Path keys = TestKeys.write(keysDir.resolve("keys.yaml"), OWNER);
        server = TestServers.start(
                dataDir, "API_KEYS_FILE", keys.toString(), "RATE_LIMIT_RPM", "1", "RATE_LIMIT_BURST", "1");
        client = new TestClient(server.port());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyFileHasItsContentTypeTheCspAndNosniff() {
        Map<String, String> types = Map.of(
                "/ui/", "text/html",
                "/ui/index.html", "text/html",
                "/ui/app.js", "text/javascript",
                "/ui/api.js", "text/javascript",
                "/ui/events.js", "text/javascript",
                "/ui/style.css", "text/css",
                "/ui/favicon.svg", "image/svg+xml");
        SoftAssertions softly = new SoftAssertions();
        types.forEach((path, type) -> {
            TestClient.Reply reply = client.get(path);
            softly.assertThat(reply.status()).as(path).isEqualTo(200);
            softly.assertThat(reply.raw().headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(value -> assertThat(value).startsWith(type));
            softly.assertThat(reply.raw().headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValue(PlaygroundService.CONTENT_SECURITY_POLICY);
            softly.assertThat(reply.raw().headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
        });
        softly.assertAll();
    }

    @Test
    void theCspAllowsNothingInlineNorAnyOtherOriginNorFraming() {
        List<String> directives = List.of(PlaygroundService.CONTENT_SECURITY_POLICY.split(";\\s*"));
        assertThat(directives)
                .contains(
                        "default-src 'self'",
                        "script-src 'self'",
                        "style-src 'self'",
                        "connect-src 'self'",
                        "frame-ancestors 'none'");
        assertThat(PlaygroundService.CONTENT_SECURITY_POLICY)
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*", "data:");
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndEveryTestIdOfTheIssue() {
        String page = client.get("/ui/").body();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=", "<style");
        for (String id : List.of(
                "api-key",
                "namespace",
                "doc-text",
                "doc-files",
                "ingest",
                "ingest-result",
                "question",
                "k",
                "mode",
                "ask",
                "answer",
                "answer-meta",
                "status",
                "error")) {
            assertThat(page).as(id).contains("data-testid=\"" + id + "\"");
        }
    }

    @Test
    void withoutTheSlashItRedirectsToTheFolder() {
        TestClient.Reply reply = client.get("/ui");
        assertThat(reply.status()).isEqualTo(301);
        assertThat(reply.raw()
                        .uri()
                        .resolve(reply.raw().headers().firstValue("Location").orElseThrow()))
                .hasPath("/ui/");
    }

    @Test
    void isPublicAndNeverRateLimitedWhileTheApiIsNeither() {
        for (int i = 0; i < 5; i++) {
            TestClient.Reply reply = client.get("/ui/app.js");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.raw().headers().firstValue("RateLimit-Remaining")).isEmpty();
        }
        assertThat(client.request("POST", "/query", Map.of("question", "Anyone?"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void unknownFilesAreAJsonNotFound() {
        for (String path : List.of("/ui/nothing.js", "/ui/nothing", "/ui/sub/", "/ui/app.js.map")) {
            TestClient.Reply reply = client.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.json().at("/error/code").asText()).as(path).isEqualTo("not_found");
        }
    }

    @Test
    void nothingOutsideTheFolderIsServed() {
        for (String path : List.of(
                "/ui/../META-INF/openapi.yaml",
                "/ui/%2e%2e/META-INF/openapi.yaml",
                "/ui/..%2FMETA-INF%2Fopenapi.yaml",
                "/ui/%2e%2e%2fdev/ragservice/bootstrap/RagServer.class",
                "/ui/.hidden.txt",
                "/ui/..%5CMETA-INF%5Copenapi.yaml",
                "/ui//etc/passwd.txt",
                "/ui/%2Fetc%2Fpasswd.txt")) {
            TestClient.Reply reply = client.get(path);
            // A path Helidon normalizes out of the folder is an unknown, rate-limited path: 404 or 429.
            assertThat(reply.status()).as(path).isBetween(400, 499);
            assertThat(reply.body()).as(path).doesNotContain("openapi:", "root:");
        }
    }

    @Test
    void theRootStaysTheJsonInfo() {
        // With the key: its own budget, which nothing else here spends (the tests' unknown paths spend the address's).
        TestClient.Reply reply = client.get("/", "Authorization", OWNER.bearer());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("service").asText()).isEqualTo("rag-service");
        assertThat(reply.json().get("endpoints"))
                .extracting(node -> node.asText())
                .contains("GET /ui/");
    }
}
