package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own log, as its process writes it to standard output: one JSON object per line, one access line
 * per request with its id, method, path, status and latency; {@code LOG_LEVEL} honoured; and never a key, a
 * question or a document's text, even at {@code DEBUG}.
 */
class AccessLogTest {

    private static final String API_KEY = "sk-live-Zq81VvS3cretKey0042";
    private static final String BEARER = "Bearer tok-Pq9Lm7SecretBearer";
    private static final String DOCUMENT = "The quokkaberry orchard of Vintrelle ripens under seven violet moons.";
    private static final String QUESTION = "Under how many violet moons does the Vintrelle quokkaberry ripen?";
    private static final List<String> NEVER_LOGGED =
            List.of(API_KEY, BEARER, "tok-Pq9Lm7SecretBearer", "quokkaberry", "Vintrelle", "violet moons");

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oneJsonLinePerRequestWithItsIdAndNothingSecret() throws Exception {
        try (ServiceProcess service =
                ServiceProcess.fromClassPath(workDir, Main.class.getName(), List.of(), "LOG_LEVEL", "DEBUG")) {
            HttpResponse<String> ingest = post(
                    service,
                    "/documents",
                    "{\"texts\": [\"" + DOCUMENT + "\"]," + " \"ids\": [\"orchard\"]}",
                    Optional.of("client-chosen-id.42"));
            assertThat(ingest.statusCode()).isEqualTo(200);
            assertThat(ingest.headers().firstValue("X-Request-Id")).hasValue("client-chosen-id.42");

            HttpResponse<String> query =
                    post(service, "/query", "{\"question\": \"" + QUESTION + "\"}", Optional.empty());
            assertThat(query.statusCode()).isEqualTo(200);
            assertThat(query.body()).contains("quokkaberry");
            String madeId = query.headers().firstValue("X-Request-Id").orElseThrow();

            HttpResponse<String> unsafeId =
                    post(service, "/query", "{\"question\": \"" + QUESTION + "\"", Optional.of("no spaces allowed"));
            assertThat(unsafeId.statusCode()).isEqualTo(400);
            assertThat(unsafeId.body()).doesNotContain("quokkaberry");
            String replacedId = unsafeId.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(replacedId).isNotEqualTo("no spaces allowed");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> access(service, replacedId).isPresent());
            assertAccessLine(access(service, "client-chosen-id.42").orElseThrow(), "POST", "/documents", 200);
            assertAccessLine(access(service, madeId).orElseThrow(), "POST", "/query", 200);
            assertAccessLine(access(service, replacedId).orElseThrow(), "POST", "/query", 400);

            for (String line : service.stdoutLines()) {
                JsonNode json = TestClient.MAPPER.readTree(line);
                assertThat(json.isObject()).as(line).isTrue();
                assertThat(json.has("ts") && json.has("level") && json.has("logger"))
                        .as(line)
                        .isTrue();
            }
            List<String> everything = new ArrayList<>(service.stdoutLines());
            everything.addAll(service.stderrLines());
            assertThat(everything)
                    .as("log lines")
                    .noneSatisfy(line -> assertThat(NEVER_LOGGED)
                            .anySatisfy(secret -> assertThat(line).contains(secret)));
        }
    }

    @Test
    void logLevelWarnLeavesOutTheAccessLines() throws Exception {
        try (ServiceProcess service =
                ServiceProcess.fromClassPath(workDir, Main.class.getName(), List.of(), "LOG_LEVEL", "WARN")) {
            HttpResponse<String> query =
                    post(service, "/query", "{\"question\": \"" + QUESTION + "\"}", Optional.of("quiet-request"));
            assertThat(query.statusCode()).isEqualTo(200);
            HttpResponse<String> bad = post(service, "/query", "{", Optional.of("quiet-bad-request"));
            assertThat(bad.statusCode()).isEqualTo(400);
            // The access line of a request is written as its response goes out; one more request makes sure the
            // earlier ones are done.
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);

            assertThat(service.stdoutLines()).allSatisfy(line -> {
                JsonNode json = TestClient.MAPPER.readTree(line);
                assertThat(json.get("level").asText()).as(line).isIn("WARNING", "SEVERE");
                assertThat(json.has("request_id")).as(line).isFalse();
            });
        }
    }

    private HttpResponse<String> post(ServiceProcess service, String path, String json, Optional<String> requestId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", API_KEY)
                .header("Authorization", BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        requestId.ifPresent(id -> request.header("X-Request-Id", id));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<JsonNode> access(ServiceProcess service, String requestId) {
        return service.stdoutLines().stream()
                .filter(line -> line.contains("\"type\":\"access\""))
                .map(AccessLogTest::json)
                .filter(json -> json.path("request_id").asText().equals(requestId))
                .findFirst();
    }

    private static void assertAccessLine(JsonNode line, String method, String path, int status) {
        assertThat(line.get("method").asText()).isEqualTo(method);
        assertThat(line.get("path").asText()).isEqualTo(path);
        assertThat(line.get("status").asInt()).isEqualTo(status);
        assertThat(line.get("latency_ms").isNumber())
                .as("latency_ms is a number: %s", line)
                .isTrue();
        assertThat(line.get("latency_ms").asDouble()).isPositive();
        assertThat(line.get("level").asText()).isEqualTo("INFO");
    }

    private static JsonNode json(String line) {
        try {
            return TestClient.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
