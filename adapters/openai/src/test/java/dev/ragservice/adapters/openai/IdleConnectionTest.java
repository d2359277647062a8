package dev.ragservice.adapters.openai;

import dev.ragservice.ports.Deadline;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ragservice.ports.DependencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server closes keep-alive connections idle longer than its own timeout (uvicorn: 5 s). With the SDK's
 * OkHttp settings a pooled connection the server already closed fails the next request, so the pool must drop
 * idle connections first. Here the server gives up after {@value #SERVER_IDLE_MS} ms.
 */
class IdleConnectionTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final long SERVER_IDLE_MS = 400;

    @RegisterExtension
    static final WireMockExtension OPENAI = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1").jettyIdleTimeout(SERVER_IDLE_MS)
                    .extensions(new EmbeddingsEndpoint()))
            .build();

    @BeforeEach
    void serveEmbeddings() {
        OPENAI.stubFor(post("/v1/embeddings").willReturn(aResponse().withTransformers(EmbeddingsEndpoint.NAME)));
    }

    @Test
    void aConnectionLeavesThePoolBeforeTheServerDropsIt() throws InterruptedException {
        try (OpenAiEmbeddingModel model = model(Duration.ofMillis(SERVER_IDLE_MS / 4))) {
            model.embed("first", DEADLINE);
            Thread.sleep(SERVER_IDLE_MS * 3);

            assertThat(model.embed("second", DEADLINE)).containsExactly(EmbeddingsEndpoint.vectorOf("second", 1536));
        }
    }

    @Test
    void guardAConnectionKeptLongerThanTheServerKeepsItFailsTheNextRequest() throws InterruptedException {
        // Shows the failure the short pool lifetime prevents; if this ever passes, the other test proves nothing.
        try (OpenAiEmbeddingModel model = model(Duration.ofMinutes(5))) {
            model.embed("first", DEADLINE);
            Thread.sleep(SERVER_IDLE_MS * 3);

            assertThatThrownBy(() -> model.embed("second", DEADLINE)).isInstanceOfSatisfying(DependencyException.class, e ->
                    assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE));
        }
    }

    private static OpenAiEmbeddingModel model(Duration idleConnectionLifetime) {
        var config = OpenAiWire.config(OPENAI.baseUrl());
        OpenAiSettings connection = OpenAiSettings.from(config);
        return new OpenAiEmbeddingModel(OpenAiClients.create(connection, idleConnectionLifetime),
                OpenAiEmbeddingSettings.from(config),
                new OpenAiExceptionTranslator(connection.apiKey(), Clock.systemUTC()));
    }
}
