package dev.ragservice.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Contract of {@code EMBEDDING_PROVIDER=openai} against WireMock speaking OpenAI's {@code /v1/embeddings}. */
class OpenAiEmbeddingModelTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    @RegisterExtension
    static final WireMockExtension OPENAI = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1").extensions(new EmbeddingsEndpoint()))
            .build();

    @Test
    void sendsModelInputsAndFloatFormatWithTheBearerKeyAndNoTelemetry() {
        serveEmbeddings();
        try (OpenAiEmbeddingModel model = model()) {
            model.embedAll(List.of("The Fresnel lens", "Sourdough starter"), DEADLINE);
        }

        OPENAI.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/embeddings"))
                        .withHeader("Authorization", equalTo("Bearer " + OpenAiWire.API_KEY))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withoutHeader("OpenAI-Organization")
                        .withRequestBody(equalToJson("""
                        {"model": "text-embedding-3-small",
                         "input": ["The Fresnel lens", "Sourdough starter"],
                         "encoding_format": "float"}""")));
        assertThat(OpenAiWire.stainlessHeaders(onlyRequest())).isEmpty();
    }

    @Test
    void sendsTheOrganizationWhenConfigured() {
        serveEmbeddings();
        try (OpenAiEmbeddingModel model = model("OPENAI_ORGANIZATION", "org-rag")) {
            model.embed("a question", DEADLINE);
        }

        OPENAI.verify(
                postRequestedFor(urlEqualTo("/v1/embeddings")).withHeader("OpenAI-Organization", equalTo("org-rag")));
    }

    @Test
    void placesVectorsByTheirIndexNotByTheirPlaceInTheAnswer() {
        serveEmbeddings();
        List<String> texts = List.of("alpha", "beta", "gamma", "delta");
        List<float[]> vectors;
        try (OpenAiEmbeddingModel model = model()) {
            vectors = model.embedAll(texts, DEADLINE);
        }

        assertThat(vectors).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i))
                    .as("vector of %s", texts.get(i))
                    .containsExactly(EmbeddingsEndpoint.vectorOf(texts.get(i), 1536));
        }
        // Guards the test itself: the answer really listed them out of order.
        assertThat(OPENAI.getAllServeEvents().get(0).getResponse().getBodyAsString())
                .startsWith("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":3");
    }

    @Test
    void decodesBase64VectorsFromAServerThatIgnoresTheRequestedFormat() {
        OPENAI.stubFor(post("/v1/embeddings")
                .willReturn(aResponse()
                        .withTransformers(EmbeddingsEndpoint.NAME)
                        .withTransformerParameter("base64", true)));
        List<String> texts = List.of("one", "two", "three");
        List<float[]> vectors;
        try (OpenAiEmbeddingModel model = model()) {
            vectors = model.embedAll(texts, DEADLINE);
        }

        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(EmbeddingsEndpoint.vectorOf(texts.get(i), 1536));
        }
        assertThat(OPENAI.getAllServeEvents().get(0).getResponse().getBodyAsString())
                .doesNotContain("[0.", "[-0.");
    }

    @Test
    void batchesByCountInOrderAndAddsUpTheReportedUsage() {
        serveEmbeddings();
        List<String> texts = IntStream.range(0, 5)
                .mapToObj(i -> "text number " + i + " of five")
                .toList();
        List<float[]> vectors;
        OpenAiEmbeddingModel model = model("OPENAI_EMBEDDING_BATCH_SIZE", "2");
        try (model) {
            vectors = model.embedAll(texts, DEADLINE);
        }

        assertThat(inputsPerRequest()).containsExactly(texts.subList(0, 2), texts.subList(2, 4), texts.subList(4, 5));
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(EmbeddingsEndpoint.vectorOf(texts.get(i), 1536));
        }
        assertThat(model.tokensUsed().promptTokens()).isEqualTo(EmbeddingsEndpoint.promptTokens(texts));
        assertThat(model.tokensUsed().completionTokens()).isZero();
    }

    @Test
    void batchesByEstimatedTokensAndSendsAnOversizedTextAlone() {
        serveEmbeddings();
        String twelveChars = "abcdefghijkl"; // 4 estimated tokens
        String oversized = "x".repeat(60); // 20 estimated tokens, over the budget on its own
        List<String> texts = List.of(twelveChars + "1", twelveChars + "2", oversized, twelveChars + "3");
        try (OpenAiEmbeddingModel model = model("OPENAI_EMBEDDING_BATCH_TOKENS", "10")) {
            assertThat(model.embedAll(texts, DEADLINE)).hasSize(4);
        }

        assertThat(inputsPerRequest())
                .containsExactly(List.of(texts.get(0), texts.get(1)), List.of(oversized), List.of(texts.get(3)));
    }

    @Test
    void shortensTextEmbedding3VectorsWithTheDimensionsParameter() {
        serveEmbeddings();
        try (OpenAiEmbeddingModel model =
                model("EMBEDDING_MODEL", "text-embedding-3-large", "EMBEDDING_DIMENSIONS", "256")) {
            assertThat(model.dimension()).isEqualTo(256);
            assertThat(model.modelId()).isEqualTo("text-embedding-3-large@256");
            assertThat(model.embed("short", DEADLINE)).containsExactly(EmbeddingsEndpoint.vectorOf("short", 256));
        }

        OPENAI.verify(postRequestedFor(urlEqualTo("/v1/embeddings")).withRequestBody(equalToJson("""
                {"model": "text-embedding-3-large", "input": ["short"], "encoding_format": "float",
                 "dimensions": 256}""")));
    }

    @Test
    void aModelOfACompatibleServerTakesItsLengthFromTheSettingsAndGetsNoDimensionsParameter() {
        OPENAI.stubFor(post("/v1/embeddings")
                .willReturn(aResponse()
                        .withTransformers(EmbeddingsEndpoint.NAME)
                        .withTransformerParameter("dimensions", 768)));
        try (OpenAiEmbeddingModel model = model("EMBEDDING_MODEL", "nomic-embed-text", "EMBEDDING_DIMENSIONS", "768")) {
            assertThat(model.modelId()).isEqualTo("nomic-embed-text");
            assertThat(model.embed("local", DEADLINE)).containsExactly(EmbeddingsEndpoint.vectorOf("local", 768));
        }

        OPENAI.verify(postRequestedFor(urlEqualTo("/v1/embeddings")).withRequestBody(equalToJson("""
                {"model": "nomic-embed-text", "input": ["local"], "encoding_format": "float"}""")));
    }

    @Test
    void vectorsOfAnotherLengthThanConfiguredAreRejectedNamingTheSetting() {
        OPENAI.stubFor(post("/v1/embeddings")
                .willReturn(aResponse()
                        .withTransformers(EmbeddingsEndpoint.NAME)
                        .withTransformerParameter("dimensions", 384)));
        try (OpenAiEmbeddingModel model = model("EMBEDDING_MODEL", "all-minilm", "EMBEDDING_DIMENSIONS", "768")) {
            assertThatThrownBy(() -> model.embed("text", DEADLINE))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DependencyException.Kind.REJECTED);
                        assertThat(e.getMessage()).contains("384", "768", "EMBEDDING_DIMENSIONS");
                    });
        }
    }

    @Test
    void anAnswerWithTooFewEmbeddingsIsAnUnavailableProvider() {
        OPENAI.stubFor(post("/v1/embeddings")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                        {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.5, 0.25]}],
                         "model": "m", "usage": {"prompt_tokens": 2, "total_tokens": 2}}""")));
        try (OpenAiEmbeddingModel model = model("EMBEDDING_MODEL", "m", "EMBEDDING_DIMENSIONS", "2")) {
            assertThatThrownBy(() -> model.embedAll(List.of("one", "two"), DEADLINE))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("1 embeddings for 2 inputs");
                    });
        }
    }

    @Test
    void nothingToEmbedSendsNothing() {
        serveEmbeddings();
        try (OpenAiEmbeddingModel model = model()) {
            assertThat(model.embedAll(List.of(), DEADLINE)).isEmpty();
        }
        assertThat(OPENAI.getAllServeEvents()).isEmpty();
    }

    private static void serveEmbeddings() {
        OPENAI.stubFor(post("/v1/embeddings").willReturn(aResponse().withTransformers(EmbeddingsEndpoint.NAME)));
    }

    private static OpenAiEmbeddingModel model(String... overrides) {
        PluginConfig config = OpenAiWire.config(OPENAI.baseUrl(), overrides);
        return (OpenAiEmbeddingModel) new OpenAiEmbeddingModelProvider().create(config);
    }

    private static LoggedRequest onlyRequest() {
        assertThat(OPENAI.getAllServeEvents()).hasSize(1);
        return OPENAI.getAllServeEvents().get(0).getRequest();
    }

    /** The input arrays of every request, oldest first (WireMock lists the newest first). */
    private static List<List<String>> inputsPerRequest() {
        List<ServeEvent> events = new ArrayList<>(OPENAI.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
                .map(event -> OpenAiWire.strings(event.getRequest().getBodyAsString(), "input"))
                .toList();
    }
}
