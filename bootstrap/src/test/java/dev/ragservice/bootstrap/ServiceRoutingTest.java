package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.bootstrap.application.Application;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.http.Endpoint;
import dev.ragservice.bootstrap.observe.RagMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The service's routing ({@link RagServer#routing}) as Helidon's routing tests see it, without a socket: the route
 * table's endpoints answer, and a wrong method or path gets the JSON error, from the same routing the server uses.
 */
@RoutingTest
class ServiceRoutingTest {

    private static Path dataDir;
    private static Application application;

    private final DirectClient client;

    ServiceRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        dataDir = Files.createTempDirectory("rag-routing-");
        Settings settings = Settings.from(Map.of("DATA_DIR", dataDir.toString()));
        RagMetrics metrics = new RagMetrics();
        application = Application.create(settings, metrics);
        RagServer.routing(routing, settings, application, Optional.empty(), metrics, () -> true, Instant.now());
    }

    @AfterAll
    static void close() throws IOException {
        application.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(ServiceRoutingTest::delete);
        }
    }

    @Test
    void theInfoEndpointListsEveryRouteOfTheTable() throws IOException {
        try (Http1ClientResponse response = client.get("/").request()) {
            assertThat(response.status()).isEqualTo(Status.OK_200);
            JsonNode info = TestClient.MAPPER.readTree(response.as(String.class));
            assertThat(info.get("endpoints"))
                    .extracting(JsonNode::asText)
                    .containsExactlyElementsOf(Arrays.stream(Endpoint.values())
                            .flatMap(endpoint -> endpoint.routes().stream())
                            .toList());
        }
    }

    @Test
    void anEndpointAskedWithAnotherMethodSaysWhichItAllows() throws IOException {
        try (Http1ClientResponse response = client.get(Endpoint.QUERY.path()).request()) {
            assertThat(response.status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
            assertThat(response.headers().first(HeaderNames.ALLOW)).hasValue("POST");
            assertThat(TestClient.MAPPER
                            .readTree(response.as(String.class))
                            .at("/error/code")
                            .asText())
                    .isEqualTo("method_not_allowed");
        }
    }

    @Test
    void aPathNoEndpointServesIsAJsonNotFound() throws IOException {
        for (String path : List.of("/nothing", "/documents/a/b")) {
            try (Http1ClientResponse response = client.get(path).request()) {
                assertThat(response.status()).as(path).isEqualTo(Status.NOT_FOUND_404);
                assertThat(TestClient.MAPPER
                                .readTree(response.as(String.class))
                                .at("/error/code")
                                .asText())
                        .isEqualTo("not_found");
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
