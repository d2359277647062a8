package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /openapi}: the document parses, names exactly the operations the server serves, and what the server
 * really answers (bodies of every endpoint, errors of every kind the server can be driven to) conforms to it.
 */
class OpenApiTest {

    @TempDir
    static Path dataDir;

    private static RagServer server;
    private static TestClient client;
    private static final OpenApiDocument DOCUMENT = OpenApiDocument.fromClasspath();

    @BeforeAll
    static void start() {
        server = TestServers.start(dataDir, "MAX_BODY_BYTES", "4096");
        client = new TestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServedDocumentIsTheResourceAsYamlAndAsJson() {
        TestClient.Reply yaml = client.get("/openapi");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/vnd.oai.openapi"));
        TestClient.Reply json = client.get("/openapi?format=json");
        assertThat(json.status()).isEqualTo(200);

        assertThat(OpenApiDocument.parseYaml(yaml.body())).isEqualTo(DOCUMENT.root());
        assertThat(json.json()).isEqualTo(DOCUMENT.root());
    }

    @Test
    void theDocumentIsWellFormedOpenApi31() {
        JsonNode root = DOCUMENT.root();
        assertThat(root.get("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(root.at("/info/title").asText()).isNotBlank();
        assertThat(root.at("/info/version").asText()).isNotBlank();
        assertThat(DOCUMENT.references())
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(DOCUMENT.resolve(ref).isMissingNode())
                        .as("%s resolves", ref)
                        .isFalse());
        for (String operation : DOCUMENT.operations()) {
            String[] parts = operation.split(" ");
            JsonNode responses = root.path("paths")
                    .path(parts[1])
                    .path(parts[0].toLowerCase())
                    .path("responses");
            assertThat(responses.size()).as("responses of %s", operation).isPositive();
            responses
                    .fieldNames()
                    .forEachRemaining(
                            status -> assertThat(DOCUMENT.response(parts[0], parts[1], Integer.parseInt(status))
                                            .path("description")
                                            .asText())
                                    .as("description of %s %s", operation, status)
                                    .isNotBlank());
        }
    }

    @Test
    void theDocumentedOperationsAreExactlyTheServedOnes() throws Exception {
        TreeSet<String> served = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String path : DOCUMENT.root().get("paths").properties().stream()
                .map(Map.Entry::getKey)
                .toList()) {
            for (String method : OpenApiDocument.METHODS) {
                String concrete = path.replace("{id}", "probe-document");
                boolean body = List.of("post", "put", "patch").contains(method);
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + concrete));
                if (body) {
                    request.header("Content-Type", "application/json");
                }
                HttpResponse<String> response = http.send(
                        request.method(
                                        method.toUpperCase(),
                                        body
                                                ? HttpRequest.BodyPublishers.ofString("{}")
                                                : HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!unrouted(response)) {
                    served.add(method.toUpperCase() + " " + path);
                }
            }
        }
        assertThat(served).isEqualTo(DOCUMENT.operations());

        List<String> listedByTheService = TestClient.MAPPER.convertValue(
                client.get("/").json().get("endpoints"),
                TestClient.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(new TreeSet<>(listedByTheService)).isEqualTo(DOCUMENT.operations());
    }

    @Test
    void whatTheServerAnswersConformsToTheDocument() {
        TestClient.Reply ingest = client.postJson(
                "/documents",
                Map.of(
                        "texts", List.of(SampleTexts.VOLCANO, SampleTexts.SOURDOUGH),
                        "metadatas",
                                List.of(
                                        Map.of("topic", "geology", "year", 2024, "tags", List.of("a", "b")),
                                        Map.of("topic", "food", "fresh", true)),
                        "ids", List.of("volcano", "sourdough")));
        assertConforms("POST", "/documents", ingest, 200);
        TestClient.Reply query = client.postJson("/query", Map.of("question", "Why do volcanoes erupt?", "k", 2));
        assertConforms("POST", "/query", query, 200);
        assertThat(query.json().get("sources")).isNotEmpty();
        assertConforms(
                "POST",
                "/query",
                client.postJson("/query", Map.of("question", "Why do volcanoes erupt?", "k", 2)),
                200);
        assertConforms("DELETE", "/documents/{id}", client.delete("/documents/sourdough"), 200);
        assertConforms("GET", "/status", client.get("/status"), 200);
        assertConforms("GET", "/", client.get("/"), 200);
        assertConforms("GET", "/health", client.get("/health"), 200);
        assertConforms("GET", "/health/live", client.get("/health/live"), 200);
        assertConforms("GET", "/health/ready", client.get("/health/ready"), 200);
        assertThat(client.get("/metrics").raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void everyErrorTheServerCanBeDrivenToConformsToTheDocument() {
        assertConforms("POST", "/query", client.postJson("/query", "{"), 400);
        assertConforms("POST", "/query", client.postJson("/query", Map.of("question", "x", "k", 0)), 400);
        assertConforms("POST", "/documents", client.postJson("/documents", Map.of("texts", List.of())), 400);
        assertConforms(
                "POST", "/documents", client.postJson("/documents", Map.of("texts", List.of("x".repeat(5000)))), 413);
        assertConforms("POST", "/query", client.post("/query", "text/plain", "Why?"), 415);
        TestClient.Reply wrongMethod = client.get("/query");
        // A 405 is documented on the operations the path does have.
        assertConforms("POST", "/query", wrongMethod, 405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");
        TestClient.Reply unknown = client.get("/no/such/path");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(DOCUMENT.violations("#/components/schemas/Error", unknown.json()))
                .isEmpty();
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void theStreamAndTheOpenAiRoutesConformToTheDocument() {
        client.postJson(
                "/documents", Map.of("texts", List.of(SampleTexts.LIGHTHOUSE), "ids", List.of("lighthouse-doc")));
        List<EventStreamReader.Event> events;
        try (EventStreamReader stream = EventStreamReader.post(
                server.port(), "/query", Map.of("question", "Who invented the lens?", "stream", true))) {
            events = stream.rest();
        }
        assertThat(events.getFirst().name()).isEqualTo("sources");
        for (JsonNode source : events.getFirst().json()) {
            assertThat(DOCUMENT.violations("#/components/schemas/Source", source))
                    .isEmpty();
        }
        for (EventStreamReader.Event delta : events.subList(1, events.size() - 1)) {
            assertThat(DOCUMENT.violations("#/components/schemas/QueryDelta", delta.json()))
                    .isEmpty();
        }
        assertThat(DOCUMENT.violations(
                        "#/components/schemas/QueryDone", events.getLast().json()))
                .isEmpty();

        TestClient.Reply completion = client.postJson(
                "/v1/chat/completions",
                Map.of("model", "rag", "messages", List.of(Map.of("role", "user", "content", "Who made the lens?"))));
        assertConforms("POST", "/v1/chat/completions", completion, 200);
        assertConforms("GET", "/v1/models", client.get("/v1/models"), 200);
        assertConforms("GET", "/v1/models/{id}", client.get("/v1/models/rag"), 200);
        assertConforms("GET", "/v1/models/{id}", client.get("/v1/models/gpt-4o"), 404);
        assertConforms(
                "POST",
                "/v1/embeddings",
                client.postJson("/v1/embeddings", Map.of("model", "m", "input", "lens")),
                200);
        assertConforms("POST", "/v1/chat/completions", client.postJson("/v1/chat/completions", "{"), 400);
        assertConforms(
                "POST",
                "/v1/chat/completions",
                client.postJson(
                        "/v1/chat/completions",
                        Map.of("model", "gpt-x", "messages", List.of(Map.of("role", "user", "content", "Hi")))),
                404);
    }

    @Test
    void theValidatorRejectsWhatTheDocumentForbids() {
        JsonNode missingAnswer = TestClient.MAPPER.valueToTree(Map.of("sources", List.of(), "cached", false));
        assertThat(DOCUMENT.violations("#/components/schemas/QueryResponse", missingAnswer))
                .anySatisfy(violation -> assertThat(violation).contains("answer"));
        JsonNode unknownField =
                TestClient.MAPPER.valueToTree(Map.of("error", Map.of("code", "x", "message", "y"), "stack", "trace"));
        assertThat(DOCUMENT.violations("#/components/schemas/Error", unknownField))
                .anySatisfy(violation -> assertThat(violation).contains("stack"));
    }

    @Test
    void theRequestExamplesConformToTheRequestSchemas() {
        for (String path : List.of("/documents", "/query")) {
            JsonNode media = DOCUMENT.root()
                    .path("paths")
                    .path(path)
                    .path("post")
                    .path("requestBody")
                    .path("content")
                    .path("application/json");
            assertThat(DOCUMENT.violations(media.at("/schema/$ref").asText(), media.get("example")))
                    .as("example of POST %s", path)
                    .isEmpty();
        }
    }

    private static void assertConforms(String method, String path, TestClient.Reply reply, int expectedStatus) {
        assertThat(reply.status()).as("%s %s: %s", method, path, reply.body()).isEqualTo(expectedStatus);
        assertThat(reply.raw().headers().firstValue("X-Request-Id"))
                .as("X-Request-Id")
                .isPresent();
        assertThat(DOCUMENT.violations(method, path, reply.status(), reply.json()))
                .as("%s %s %d: %s", method, path, reply.status(), reply.body())
                .isEmpty();
    }

    /** No route for this method and path: a 404 "no such endpoint", or a 405 for a path served by others. */
    private static boolean unrouted(HttpResponse<String> response) throws IOException {
        if (response.statusCode() == 405) {
            return true;
        }
        return response.statusCode() == 404
                && TestClient.MAPPER
                        .readTree(response.body())
                        .at("/error/code")
                        .asText()
                        .equals("not_found");
    }
}
