package dev.ragservice.benchmarks.latency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragservice.adapters.openai.EmbeddingsEndpoint;
import dev.ragservice.adapters.openai.OpenAiWire;

/**
 * OpenAI on loopback at fixed delays: {@code POST /v1/embeddings} answers one vector per input after
 * {@code embeddingDelayMs}, {@code POST /v1/chat/completions} a completion after {@code chatDelayMs}, both in
 * OpenAI's wire format (the adapter's own test fakes). Delays are served asynchronously, so 64 waiting requests
 * hold no server threads and the upstream never becomes the bottleneck it would be in a thread-per-request fake.
 */
final class SimulatedOpenAi implements AutoCloseable {

    static final String EMBEDDINGS = "/v1/embeddings";
    static final String CHAT = "/v1/chat/completions";

    private final WireMockServer server;

    SimulatedOpenAi(int embeddingDelayMs, int chatDelayMs) {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(128)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(16)
                // Millions of requests would otherwise be kept in the journal for verification nobody does.
                .disableRequestJournal()
                .extensions(new EmbeddingsEndpoint()));
        server.start();
        server.stubFor(post(urlEqualTo(EMBEDDINGS))
                .willReturn(
                        aResponse().withTransformers(EmbeddingsEndpoint.NAME).withFixedDelay(embeddingDelayMs)));
        server.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(OpenAiWire.chatCompletion(
                                "Augustin-Jean Fresnel invented the lens in 1822 [1].",
                                "gpt-4o-mini-2024-07-18",
                                412,
                                23))
                        .withFixedDelay(chatDelayMs)));
    }

    /** The value for {@code OPENAI_BASE_URL}. */
    String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    @Override
    public void close() {
        server.stop();
    }
}
