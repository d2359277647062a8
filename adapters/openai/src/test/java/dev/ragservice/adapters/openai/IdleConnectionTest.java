package dev.ragservice.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server closes keep-alive connections idle longer than its own timeout (uvicorn under vLLM, llama.cpp and Node:
 * 5 s). A pooled connection the server already closed must not fail the next request: the JDK client takes it out
 * of its pool when it sees the close, and when the close crosses a request on the wire the adapter sends that
 * request once more. Nothing else is sent twice.
 */
class IdleConnectionTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final long SERVER_IDLE_MS = 400;

    /** An answer for {@code EMBEDDING_DIMENSIONS=2}. */
    private static final String EMBEDDING = """
            {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.5, 0.25]}],
             "model": "m", "usage": {"prompt_tokens": 1, "total_tokens": 1}}""";

    @RegisterExtension
    static final WireMockExtension OPENAI = WireMockExtension.newInstance()
            .options(options()
                    .dynamicPort()
                    .bindAddress("127.0.0.1")
                    .jettyIdleTimeout(SERVER_IDLE_MS)
                    .extensions(new EmbeddingsEndpoint()))
            .build();

    @BeforeEach
    void serveEmbeddings() {
        OPENAI.stubFor(post("/v1/embeddings").willReturn(aResponse().withTransformers(EmbeddingsEndpoint.NAME)));
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsNotReused() throws InterruptedException {
        try (OpenAiEmbeddingModel model = model(OpenAiWire.config(OPENAI.baseUrl()))) {
            model.embed("first", DEADLINE);
            Thread.sleep(SERVER_IDLE_MS * 3);

            assertThat(model.embed("second", DEADLINE)).containsExactly(EmbeddingsEndpoint.vectorOf("second", 1536));
        }
    }

    @Test
    void aRequestThatMetTheServerClosingItsConnectionIsSentOnceMore() throws IOException {
        try (KeepAliveServer server = new KeepAliveServer(EMBEDDING, KeepAliveServer.SecondRequest.CLOSE_UNANSWERED);
                OpenAiEmbeddingModel model = model(twoDimensions(server))) {
            model.embed("first", DEADLINE);

            assertThat(model.embed("second", DEADLINE)).containsExactly(0.5f, 0.25f);
            assertThat(server.requests()).isEqualTo(3);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void guardTheJdkClientAloneDoesNotSendSuchAPostAgain() throws Exception {
        // Shows the failure the adapter's one resend prevents; if this ever passes, the test above proves nothing.
        try (KeepAliveServer server = new KeepAliveServer(EMBEDDING, KeepAliveServer.SecondRequest.CLOSE_UNANSWERED);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/embeddings"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void anAnswerCutAfterItStartedIsNotSentAgain() throws IOException {
        try (KeepAliveServer server = new KeepAliveServer(EMBEDDING, KeepAliveServer.SecondRequest.CLOSE_MIDWAY);
                OpenAiEmbeddingModel model = model(twoDimensions(server))) {
            model.embed("first", DEADLINE);

            assertThatThrownBy(() -> model.embed("second", DEADLINE))
                    .isInstanceOfSatisfying(
                            DependencyException.class,
                            e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE));
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    private static PluginConfig twoDimensions(KeepAliveServer server) {
        return OpenAiWire.config(server.baseUrl(), "EMBEDDING_MODEL", "m", "EMBEDDING_DIMENSIONS", "2");
    }

    private static OpenAiEmbeddingModel model(PluginConfig config) {
        return (OpenAiEmbeddingModel) new OpenAiEmbeddingModelProvider().create(config);
    }
}
