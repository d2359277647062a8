package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route against every kind of caller, on the real server with access control on: exactly the allowed cells
 * succeed, the others answer 401 or 403 with nothing but the error, and no refused answer carries another
 * tenant's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {

    static final TestKeys.Key ACME_READER = TestKeys.Key.of("acme-reader", "[query]", "[acme]");
    static final TestKeys.Key ACME_WRITER = TestKeys.Key.of("acme-writer", "[ingest]", "[acme]");
    static final TestKeys.Key GLOBEX_OWNER = TestKeys.Key.of("globex-owner", "[query, ingest]", "[globex]");
    static final TestKeys.Key OPS = TestKeys.Key.of("ops", "[admin]", "\"*\"");
    private static final String UNKNOWN = "Bearer rag_not-a-key-of-this-service";

    /** The kinds of caller of the table; each route says which key plays which part. */
    enum Who {
        NO_KEY,
        UNKNOWN_KEY,
        WRONG_SCOPE,
        OTHER_TENANT,
        OWNER,
        ADMIN
    }

    /** One route: how to call it with an Authorization header (or none), and which key plays which part. */
    record Route(
            String name,
            Function<String[], TestClient.Reply> call,
            TestKeys.Key owner,
            TestKeys.Key wrongScope,
            TestKeys.Key otherTenant,
            boolean open) {}

    @TempDir
    static Path dataDir;

    @TempDir
    static Path keysDir;

    private RagServer server;
    private TestClient client;

    @BeforeAll
    void startWithTwoTenants() {
        Path keys = TestKeys.write(keysDir.resolve("keys.yaml"), ACME_READER, ACME_WRITER, GLOBEX_OWNER, OPS);
        server = TestServers.start(dataDir, "API_KEYS_FILE", keys.toString());
        client = new TestClient(server.port());
        assertThat(ingest(ACME_WRITER, "acme", "acme-plan", SampleTexts.LIGHTHOUSE)
                        .status())
                .isEqualTo(200);
        assertThat(ingest(GLOBEX_OWNER, "globex", "globex-secret", SampleTexts.SOURDOUGH)
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void exactlyTheAllowedCellsSucceedAndNoRefusalCarriesData() {
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes()) {
            for (Who who : Who.values()) {
                TestClient.Reply reply = route.call().apply(headers(route, who));
                int expected = expected(route, who);
                softly.assertThat(reply.status())
                        .as("%s as %s: %s", route.name(), who, reply.body())
                        .isEqualTo(expected);
                if (reply.status() == 401) {
                    softly.assertThat(reply.raw().headers().firstValue("WWW-Authenticate"))
                            .as(route.name())
                            .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
                }
                if (reply.status() >= 400) {
                    JsonNode body = reply.json();
                    softly.assertThat(body.fieldNames())
                            .as("%s as %s", route.name(), who)
                            .toIterable()
                            .containsExactly("error");
                    softly.assertThat(reply.body())
                            .as("%s as %s", route.name(), who)
                            .doesNotContain("acme-plan", "globex-secret", "Fresnel", "Sourdough", "sources");
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void probesWithoutAnAdminKeySayUpOrDownOnly() {
        for (String path : List.of("/health", "/health/ready", "/health/live")) {
            TestClient.Reply anonymous = client.get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(200);
            assertThat(anonymous.json().get("status").asText()).isEqualTo("UP");
            assertThat(anonymous.json().has("checks")).as(path).isFalse();
            assertThat(client.get(path, "Authorization", ACME_READER.bearer())
                            .json()
                            .has("checks"))
                    .isFalse();
            assertThat(client.get(path, "Authorization", OPS.bearer()).json().has("checks"))
                    .as(path)
                    .isTrue();
        }
    }

    @Test
    void aRequestWithoutANamespaceGoesToTheKeysFirst() {
        TestClient.Reply answer = client.request(
                "POST",
                "/query",
                Map.of("question", "Who invented the lens used in lighthouses?"),
                "Authorization",
                ACME_READER.bearer());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/sources/0/document_id").asText()).isEqualTo("acme-plan");

        TestClient.Reply globex = client.request(
                "POST",
                "/query",
                Map.of("question", "Who invented the lens used in lighthouses?"),
                "Authorization",
                GLOBEX_OWNER.bearer());
        assertThat(globex.json().get("sources"))
                .extracting(source -> source.get("document_id").asText())
                .containsOnly("globex-secret");
    }

    @Test
    void statusSaysAccessControlIsOnAndHowManyKeys() {
        JsonNode status = client.get("/status", "Authorization", OPS.bearer()).json();
        assertThat(status.get("auth").asText()).isEqualTo("on");
        assertThat(status.at("/api_keys/keys").asInt()).isEqualTo(4);
        assertThat(status.at("/api_keys/file_error").isMissingNode()
                        || status.at("/api_keys/file_error").isNull())
                .isTrue();
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(
                "POST /query",
                headers -> client.request(
                        "POST", "/query", Map.of("question", "Who invented the lens?", "namespace", "acme"), headers),
                ACME_READER,
                ACME_WRITER,
                GLOBEX_OWNER,
                false));
        routes.add(new Route(
                "POST /documents",
                headers -> client.request(
                        "POST",
                        "/documents",
                        Map.of("texts", List.of("A note."), "ids", List.of("note"), "namespace", "acme"),
                        headers),
                ACME_WRITER,
                ACME_READER,
                GLOBEX_OWNER,
                false));
        routes.add(new Route(
                "DELETE /documents/{id}",
                headers -> client.request("DELETE", "/documents/no-such-document?namespace=acme", null, headers),
                ACME_WRITER,
                ACME_READER,
                GLOBEX_OWNER,
                false));
        // Admin only: no tenant owns these, so the "owner" is a tenant's writer, refused like the others.
        routes.add(new Route(
                "GET /status",
                headers -> client.request("GET", "/status?namespace=acme", null, headers),
                ACME_WRITER,
                ACME_READER,
                GLOBEX_OWNER,
                false));
        routes.add(new Route(
                "GET /metrics",
                headers -> client.request("GET", "/metrics", null, headers),
                ACME_WRITER,
                ACME_READER,
                GLOBEX_OWNER,
                false));
        for (String path : List.of("/", "/openapi", "/health", "/health/ready", "/health/live", "/ui/", "/ui/app.js")) {
            routes.add(new Route(
                    "GET " + path,
                    headers -> client.request("GET", path, null, headers),
                    ACME_READER,
                    ACME_WRITER,
                    GLOBEX_OWNER,
                    true));
        }
        return routes;
    }

    private static int expected(Route route, Who who) {
        if (route.open()) {
            return 200;
        }
        boolean adminOnly = route.name().equals("GET /status") || route.name().equals("GET /metrics");
        return switch (who) {
            case NO_KEY, UNKNOWN_KEY -> 401;
            case WRONG_SCOPE, OTHER_TENANT -> 403;
            case OWNER -> adminOnly ? 403 : 200;
            case ADMIN -> 200;
        };
    }

    private static String[] headers(Route route, Who who) {
        return switch (who) {
            case NO_KEY -> new String[0];
            case UNKNOWN_KEY -> new String[] {"Authorization", UNKNOWN};
            case WRONG_SCOPE ->
                new String[] {"Authorization", route.wrongScope().bearer()};
            case OTHER_TENANT -> new String[] {"X-API-Key", route.otherTenant().secret()};
            case OWNER -> new String[] {"Authorization", route.owner().bearer()};
            case ADMIN -> new String[] {"Authorization", OPS.bearer()};
        };
    }

    private TestClient.Reply ingest(TestKeys.Key key, String namespace, String id, String text) {
        return client.request(
                "POST",
                "/documents",
                Map.of("texts", List.of(text), "ids", List.of(id), "namespace", namespace),
                "Authorization",
                key.bearer());
    }
}
