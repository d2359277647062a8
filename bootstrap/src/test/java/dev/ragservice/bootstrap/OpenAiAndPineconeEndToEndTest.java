package dev.ragservice.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ragservice.adapters.openai.EmbeddingsEndpoint;
import dev.ragservice.adapters.openai.OpenAiWire;
import dev.ragservice.adapters.pinecone.FakePineconeServer;
import io.pinecone.proto.DeleteRequest;
import io.pinecone.proto.QueryRequest;
import io.pinecone.proto.UpsertRequest;
import io.pinecone.proto.Vector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with both remote adapters at once, selected by configuration alone: OpenAI (embeddings and
 * chat) is WireMock speaking OpenAI's wire format on loopback, Pinecone's data plane is {@link FakePineconeServer} served
 * over real gRPC on loopback and reached through {@code PINECONE_HOST}. Every call to either is counted and
 * checked: what went out (keys, models, inputs, prompt, namespaces, vectors, top_k) and what came back through
 * the HTTP API (answer, sources, model, usage, cache).
 */
class OpenAiAndPineconeEndToEndTest {

    static final String OPENAI_KEY = "sk-proj-e2e-5b0d8f3a9c1e7264";
    static final String PINECONE_KEY = "pcsk_e2e_7Qf2xL9m_3a8c0d1e5b6f";
    /** Native length of text-embedding-3-small, the model the service picks with nothing but the key set. */
    static final int DIMENSIONS = 1536;

    static final String EMBEDDINGS = "/v1/embeddings";
    static final String CHAT = "/v1/chat/completions";

    static final String STUB_ANSWER = "Augustin-Jean Fresnel invented the lens in 1822 [1].";
    static final String STUB_MODEL = "gpt-4o-mini-2024-07-18";
    static final long STUB_PROMPT_TOKENS = 412;
    static final long STUB_COMPLETION_TOKENS = 23;

    static final String QUESTION = "Who invented the lens used in lighthouses?";
    static final List<String> TEXTS = List.of(SampleTexts.LIGHTHOUSE, SampleTexts.SOURDOUGH, SampleTexts.VOLCANO);
    static final List<String> IDS = List.of("lighthouse", "sourdough", "volcano");

    @TempDir
    Path dataDir;

    WireMockServer openai;
    FakePineconeServer pinecone;
    RagServer server;
    TestClient client;

    @BeforeEach
    void start() {
        openai = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(new EmbeddingsEndpoint()));
        openai.start();
        openai.stubFor(post(urlEqualTo(EMBEDDINGS)).willReturn(aResponse().withTransformers(EmbeddingsEndpoint.NAME)));
        pinecone = FakePineconeServer.start(DIMENSIONS, PINECONE_KEY);
        // Only keys and addresses: EMBEDDING_PROVIDER, LLM_PROVIDER and VECTOR_STORE must follow from the keys.
        server = TestServers.start(
                dataDir,
                "OPENAI_API_KEY",
                OPENAI_KEY,
                "OPENAI_BASE_URL",
                openai.baseUrl() + "/v1",
                "PINECONE_API_KEY",
                PINECONE_KEY,
                "PINECONE_HOST",
                pinecone.host(),
                "PINECONE_TIMEOUT_MS",
                "10000",
                "LLM_MAX_TOKENS",
                "300");
        client = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pinecone != null) {
            pinecone.close();
        }
        if (openai != null) {
            openai.stop();
        }
    }

    @Test
    void ingestsAndAnswersThroughOpenAiAndPineconeAndCachesTheAnswer() {
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(OpenAiWire.chatCompletion(
                        STUB_ANSWER, STUB_MODEL, STUB_PROMPT_TOKENS, STUB_COMPLETION_TOKENS))));

        JsonNode adapters = client.get("/status").json().get("adapters");
        assertThat(adapters.get("embedding").asText()).isEqualTo("openai (text-embedding-3-small, 1536 dimensions)");
        assertThat(adapters.get("llm").asText()).isEqualTo("openai (gpt-4o-mini)");
        assertThat(adapters.get("vector_store").asText()).isEqualTo("pinecone");
        assertThat(pinecone.requests(UpsertRequest.class))
                .as("start-up records the model in the index")
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.getNamespace()).isEqualTo("__rag_index");
                    assertThat(record.getVectors(0)
                                    .getMetadata()
                                    .getFieldsOrThrow("embedding_model")
                                    .getStringValue())
                            .isEqualTo("text-embedding-3-small");
                });

        // Ingest: one embeddings call for the three chunks, then the chunks and their documents into Pinecone.
        TestClient.Reply ingested = client.postJson(
                "/documents",
                Map.of(
                        "texts",
                        TEXTS,
                        "ids",
                        IDS,
                        "metadatas",
                        List.of(Map.of("topic", "history"), Map.of("topic", "food"), Map.of("topic", "geology"))));
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        JsonNode ingest = ingested.json();
        String namespace = ingest.get("namespace").asText();
        assertThat(namespace).isEqualTo("default");
        List<String> chunkIds = new ArrayList<>();
        for (int i = 0; i < IDS.size(); i++) {
            assertThat(ingest.at("/documents/" + i + "/id").asText()).isEqualTo(IDS.get(i));
            assertThat(ingest.at("/documents/" + i + "/chunks").asInt())
                    .as("one chunk per paragraph")
                    .isEqualTo(1);
            chunkIds.add(IDS.get(i) + "#0");
        }
        assertThat(ingest.get("chunks").asLong()).isEqualTo(IDS.size());

        assertThat(embeddingInputs()).containsExactly(TEXTS);
        List<UpsertRequest> upserts = pinecone.requests(UpsertRequest.class);
        assertThat(upserts)
                .extracting(UpsertRequest::getNamespace)
                .containsExactly("__rag_index", namespace, "__rag_documents__" + namespace);
        UpsertRequest chunks = upserts.get(1);
        assertThat(chunks.getVectorsList()).extracting(Vector::getId).containsExactlyElementsOf(chunkIds);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(chunks.getVectors(i).getValuesList())
                    .as("the vector OpenAI returned for chunk %d", i)
                    .containsExactlyElementsOf(boxed(EmbeddingsEndpoint.vectorOf(TEXTS.get(i), DIMENSIONS)));
        }
        assertThat(upserts.get(2).getVectorsList()).extracting(Vector::getId).containsExactlyElementsOf(IDS);
        assertThat(pinecone.requests(DeleteRequest.class))
                .as("stale chunks of the replaced documents")
                .singleElement()
                .satisfies(delete -> assertThat(delete.getNamespace()).isEqualTo(namespace));
        JsonNode status = client.get("/status").json();
        assertThat(status.get("documents").asLong()).isEqualTo(IDS.size());
        assertThat(status.get("chunks").asLong()).isEqualTo(IDS.size());

        // Query: embed the question, search Pinecone, ask the chat model with the numbered sources.
        TestClient.Reply first = client.postJson("/query", Map.of("question", QUESTION, "k", 3));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode answer = first.json();
        assertThat(answer.get("answer").asText()).isEqualTo(STUB_ANSWER);
        assertThat(answer.get("model").asText()).isEqualTo(STUB_MODEL);
        assertThat(answer.get("mode").asText()).isEqualTo("vector");
        assertThat(answer.get("cached").asBoolean()).isFalse();
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(STUB_PROMPT_TOKENS);
        assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(STUB_COMPLETION_TOKENS);
        JsonNode sources = answer.get("sources");
        assertThat(sources).hasSize(3);
        assertThat(sources.get(0).get("document_id").asText()).isEqualTo("lighthouse");
        assertThat(sources.get(0).get("id").asText()).isEqualTo("lighthouse#0");
        assertThat(sources.get(0).get("text").asText()).isEqualTo(SampleTexts.LIGHTHOUSE);
        assertThat(sources.get(0).at("/metadata/topic").asText()).isEqualTo("history");
        assertThat(sources.get(0).get("score").asDouble())
                .isGreaterThan(sources.get(1).get("score").asDouble());

        assertThat(embeddingInputs()).containsExactly(TEXTS, List.of(QUESTION));
        assertThat(pinecone.requests(QueryRequest.class)).singleElement().satisfies(query -> {
            assertThat(query.getNamespace()).isEqualTo(namespace);
            assertThat(query.getTopK()).isEqualTo(3);
            assertThat(query.getVectorList())
                    .containsExactlyElementsOf(boxed(EmbeddingsEndpoint.vectorOf(QUESTION, DIMENSIONS)));
        });
        openai.verify(exactly(1), postRequestedFor(urlEqualTo(CHAT)));
        JsonNode chat = body(openai.findAll(postRequestedFor(urlEqualTo(CHAT))).getFirst());
        assertThat(chat.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(chat.get("max_completion_tokens").asInt()).isEqualTo(300);
        JsonNode messages = chat.get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        String prompt = messages.get(0).get("content").asText();
        for (int i = 0; i < sources.size(); i++) {
            assertThat(prompt)
                    .as("source %d, numbered as in the answer", i + 1)
                    .contains("[" + (i + 1) + "] " + sources.get(i).get("text").asText());
        }
        assertThat(prompt).doesNotContain("[" + (sources.size() + 1) + "]");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asText()).isEqualTo(QUESTION);

        // The same question again: the response cache answers, nobody is called.
        TestClient.Reply second = client.postJson("/query", Map.of("question", QUESTION, "k", 3));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        JsonNode again = second.json();
        assertThat(again.get("cached").asBoolean()).isTrue();
        assertThat(again.get("answer").asText()).isEqualTo(STUB_ANSWER);
        assertThat(again.get("model").asText()).isEqualTo(STUB_MODEL);
        assertThat(again.get("sources")).isEqualTo(sources);
        assertThat(again.at("/usage/prompt_tokens").asLong())
                .as("a cached answer spends no tokens")
                .isZero();
        assertThat(again.at("/usage/completion_tokens").asLong()).isZero();

        openai.verify(exactly(1), postRequestedFor(urlEqualTo(CHAT)));
        openai.verify(exactly(2), postRequestedFor(urlEqualTo(EMBEDDINGS)));
        assertThat(pinecone.requests(QueryRequest.class)).hasSize(1);
        verifyEveryOpenAiCall(1, 2);
        verifyEveryPineconeCall();
    }

    @Test
    void aFailingChatModelGivesADegradedExtractiveAnswerAfterRetriesAndItIsNotCached() {
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.error(
                                "The server had an error while processing your request. Sorry about that!",
                                "server_error",
                                null))));
        assertThat(client.postJson("/documents", Map.of("texts", TEXTS, "ids", IDS))
                        .status())
                .isEqualTo(200);

        TestClient.Reply degraded = client.postJson("/query", Map.of("question", QUESTION, "k", 3));

        assertThat(degraded.status()).as(degraded.body()).isEqualTo(200);
        assertThat(degraded.json().get("degraded").asBoolean()).isTrue();
        assertThat(degraded.json().get("model").asText()).isEqualTo("extractive");
        assertThat(degraded.json().get("answer").asText()).contains("Fresnel").contains("[1]");
        assertThat(degraded.json().at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
        openai.verify(exactly(3), postRequestedFor(urlEqualTo(CHAT)));
        assertThat(pinecone.requests(QueryRequest.class))
                .as("retrieval worked; only generation failed")
                .hasSize(1);

        // Once OpenAI answers again, so does the service: the failure was not cached.
        openai.stubFor(post(urlEqualTo(CHAT))
                .willReturn(okJson(OpenAiWire.chatCompletion(
                        STUB_ANSWER, STUB_MODEL, STUB_PROMPT_TOKENS, STUB_COMPLETION_TOKENS))));
        TestClient.Reply recovered = client.postJson("/query", Map.of("question", QUESTION, "k", 3));
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(200);
        assertThat(recovered.json().get("cached").asBoolean())
                .as("a degraded answer is not cached")
                .isFalse();
        assertThat(recovered.json().get("degraded").asBoolean()).isFalse();
        assertThat(recovered.json().get("answer").asText()).isEqualTo(STUB_ANSWER);
        assertThat(recovered.json().at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
        // The failed request had cached its sources (search tier): only the chat model is asked again.
        assertThat(embeddingInputs()).containsExactly(TEXTS, List.of(QUESTION));
        assertThat(pinecone.requests(QueryRequest.class)).hasSize(1);
        verifyEveryOpenAiCall(4, 2);
        verifyEveryPineconeCall();
    }

    /** Each OpenAI request carried the key and the configured model, and nothing went unanswered by a stub. */
    private void verifyEveryOpenAiCall(int chatCalls, int embeddingCalls) {
        openai.verify(exactly(chatCalls), postRequestedFor(urlEqualTo(CHAT)));
        openai.verify(
                exactly(chatCalls),
                authorized(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini"))));
        openai.verify(exactly(embeddingCalls), postRequestedFor(urlEqualTo(EMBEDDINGS)));
        openai.verify(
                exactly(embeddingCalls),
                authorized(EMBEDDINGS).withRequestBody(matchingJsonPath("$.model", equalTo("text-embedding-3-small"))));
        assertThat(openai.getAllServeEvents()).hasSize(chatCalls + embeddingCalls);
        assertThat(openai.findAllUnmatchedRequests()).isEmpty();
    }

    private void verifyEveryPineconeCall() {
        assertThat(pinecone.calls())
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.apiKey())
                        .as("api-key of %s", call.method())
                        .isEqualTo(PINECONE_KEY));
    }

    private static RequestPatternBuilder authorized(String path) {
        return postRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + OPENAI_KEY));
    }

    /** The inputs of every embeddings request, in the order they were sent. */
    private List<List<String>> embeddingInputs() {
        List<ServeEvent> events = new ArrayList<>(openai.getAllServeEvents());
        events.sort((a, b) ->
                a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        List<List<String>> inputs = new ArrayList<>();
        for (ServeEvent event : events) {
            if (event.getRequest().getUrl().equals(EMBEDDINGS)) {
                inputs.add(EmbeddingsEndpoint.inputs(body(event.getRequest())));
            }
        }
        return inputs;
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return TestClient.MAPPER.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Float> boxed(float[] values) {
        List<Float> boxed = new ArrayList<>(values.length);
        for (float value : values) {
            boxed.add(value);
        }
        return boxed;
    }
}
