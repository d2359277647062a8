package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.adapters.pinecone.FakePineconeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand hostile or broken requests, seeded, against every endpoint of the real server: mutated valid
 * bodies, wrong types, huge and deeply nested values, wide filters, invalid UTF-8, wrong content types and methods.
 * No answer is a 5xx (no dependency is down here), no connection is dropped, and the server is live afterwards.
 * Run with the embedded Lucene store and with Pinecone's data plane (its fake, over real gRPC).
 */
class FuzzTest {

    private static final int REQUESTS = 1_500;
    private static final long SEED = 20261203L;

    @TempDir
    Path dataDir;

    @Test
    void noBodyBreaksTheServerOnLucene() throws Exception {
        try (RagServer server = TestServers.start(dataDir, "MAX_BODY_BYTES", "1000000")) {
            fuzz(server.port(), new Random(SEED));
        }
    }

    @Test
    void noBodyBreaksTheServerOnPinecone() throws Exception {
        try (FakePineconeServer pinecone = FakePineconeServer.start(384, "pcsk_fuzz");
                RagServer server = TestServers.start(
                        dataDir,
                        "MAX_BODY_BYTES",
                        "1000000",
                        "PINECONE_API_KEY",
                        "pcsk_fuzz",
                        "PINECONE_HOST",
                        pinecone.host(),
                        // Room for a loaded machine: this test is about answers, not deadlines.
                        "PINECONE_TIMEOUT_MS",
                        "10000",
                        "EMBEDDING_PROVIDER",
                        "local")) {
            fuzz(server.port(), new Random(SEED + 1));
        }
    }

    private static void fuzz(int port, Random random) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        FuzzRequests requests = new FuzzRequests(random);
        for (int i = 0; i < REQUESTS; i++) {
            FuzzRequests.Request request = requests.next();
            HttpRequest.Builder builder = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + request.path()))
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            request.method(),
                            request.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                    failures.add(response.statusCode() + " for " + request.describe() + ": " + response.body());
                } else if (response.statusCode() >= 400) {
                    assertThat(response.body()).as(request.describe()).startsWith("{\"error\":{\"code\":");
                }
            } catch (IOException e) {
                failures.add("connection failed for " + request.describe() + ": " + e);
            }
        }
        assertThat(failures).as("statuses %s", statuses).isEmpty();
        assertThat(statuses.keySet()).as("both answers and refusals").contains(200, 400);
        HttpResponse<String> live = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(new String(live.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("UP");
    }
}
