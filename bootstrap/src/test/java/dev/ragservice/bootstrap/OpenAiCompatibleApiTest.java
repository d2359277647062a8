package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1} against the real server through the official {@code openai-java} client, as users' clients call it:
 * on the embedded default (the extractive answerer streams sentence by sentence) and with a chat model (the
 * OpenAI stand-in, streaming token by token). Models, whole and streamed completions with their citations, a
 * follow-up that needs the conversation, embeddings, OpenAI's error shape, and the keys' rules.
 */
class OpenAiCompatibleApiTest {

    static final String QUESTION = "Who invented the lens used in lighthouses?";

    @TempDir
    Path dataDir;

    RagServer server;
    StandInOpenAi standIn;
    OpenAIClient openai;

    @AfterEach
    void stop() {
        if (openai != null) {
            openai.close();
        }
        if (server != null) {
            server.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    void start(String apiKey, String... settings) {
        server = TestServers.start(dataDir, settings);
        openai = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(apiKey)
                .maxRetries(0)
                .build();
    }

    void ingest(String... headers) {
        TestClient.Reply ingested = new TestClient(server.port())
                .request(
                        "POST",
                        "/documents",
                        Map.of(
                                "texts", List.of(SampleTexts.LIGHTHOUSE, SampleTexts.SOURDOUGH, SampleTexts.VOLCANO),
                                "ids", List.of("lighthouse", "sourdough", "volcano")),
                        headers);
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
    }

    void startWithModel() throws IOException {
        standIn = new StandInOpenAi();
        start(
                "unused",
                "OPENAI_API_KEY",
                "sk-test-v1",
                "OPENAI_BASE_URL",
                standIn.baseUrl(),
                "EMBEDDING_PROVIDER",
                "local",
                "LLM_PROVIDER",
                "openai",
                "RETRY_MAX_ATTEMPTS",
                "1");
        ingest();
    }

    @Test
    void theEmbeddedDefaultAnswersWholeAndStreamedWithItsCitations() {
        start("unused");
        ingest();

        assertThat(openai.models().list().data()).extracting(Model::id).containsExactly("rag");
        assertThat(openai.models().retrieve("rag").id()).isEqualTo("rag");

        ChatCompletion whole = openai.chat().completions().create(ask(QUESTION).build());
        String answer = whole.choices().getFirst().message().content().orElseThrow();
        assertThat(answer).contains("Fresnel").contains("[1]");
        assertThat(whole.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(whole.usage()).isPresent();
        assertThat(json(whole._additionalProperties().get("citations")).get(0).asText())
                .isEqualTo("lighthouse");
        JsonNode rag = json(whole._additionalProperties().get("x_rag"));
        assertThat(rag.at("/sources/0/document_id").asText()).isEqualTo("lighthouse");
        assertThat(rag.at("/sources/0/text").asText()).isEqualTo(SampleTexts.LIGHTHOUSE);
        assertThat(rag.get("model").asText()).isEqualTo("extractive");

        List<ChatCompletionChunk> chunks = stream(ask(QUESTION).build());
        assertThat(chunks.size()).isGreaterThan(1);
        assertThat(text(chunks)).isEqualTo(answer);
        assertThat(json(chunks.getFirst()._additionalProperties().get("citations"))
                        .get(0)
                        .asText())
                .isEqualTo("lighthouse");
        assertThat(json(chunks.getFirst()._additionalProperties().get("x_rag"))
                        .at("/sources/0/document_id")
                        .asText())
                .isEqualTo("lighthouse");
        assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.getLast().usage()).isPresent();
    }

    @Test
    void aFollowUpIsAnsweredFromWhatTheConversationWasAbout() {
        start("unused");
        ingest();

        ChatCompletion aboutVolcanoes = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("rag")
                        .addUserMessage("Tell me about volcanic eruptions.")
                        .addAssistantMessage("Volcanic eruptions happen when magma rises [1].")
                        .addUserMessage("Why does it rise?")
                        .build());
        ChatCompletion aboutBread = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("rag")
                        .addUserMessage("Tell me about sourdough bread.")
                        .addAssistantMessage("Sourdough is bread made with a starter [1].")
                        .addUserMessage("Why does it rise?")
                        .build());

        assertThat(json(aboutVolcanoes._additionalProperties().get("citations"))
                        .get(0)
                        .asText())
                .isEqualTo("volcano");
        assertThat(json(aboutBread._additionalProperties().get("citations"))
                        .get(0)
                        .asText())
                .isEqualTo("sourdough");
        assertThat(aboutBread.choices().getFirst().message().content().orElseThrow())
                .contains("yeast");
    }

    @Test
    void embeddingsComeFromTheIndexsModelInEitherEncoding() {
        start("unused");

        CreateEmbeddingResponse embedded = openai.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("all-minilm-l6-v2")
                        .inputOfArrayOfStrings(List.of("lighthouse lens", "sourdough starter"))
                        .build());

        assertThat(embedded.data()).hasSize(2);
        List<Float> base64 = embedded.data().getFirst().embedding();
        assertThat(base64).hasSize(384);
        JsonNode floats = new TestClient(server.port())
                .postJson("/v1/embeddings", Map.of("model", "any", "input", "lighthouse lens"))
                .json();
        assertThat(floats.at("/data/0/embedding").size()).isEqualTo(384);
        for (int i = 0; i < 384; i++) {
            assertThat(floats.at("/data/0/embedding").get(i).floatValue()).isEqualTo(base64.get(i));
        }
        assertThat(floats.at("/usage/prompt_tokens").asLong()).isPositive();
    }

    @Test
    void aChatModelStreamsTokenByTokenAndAFollowUpIsRewrittenOnceWithTheHistory() throws IOException {
        startWithModel();
        standIn.reply(exchange -> {
            String system = exchange.request().at("/messages/0/content").asText();
            if (system.startsWith("Rewrite the user's last question")) {
                StandInOpenAi.answer(List.of("Why does sourdough bread rise?"), 40, 8)
                        .write(exchange);
            } else {
                StandInOpenAi.answer(List.of("Wild", " yeast", " and", " bacteria", " [1]."), 200, 5)
                        .write(exchange);
            }
        });
        ChatCompletionCreateParams followUp = ChatCompletionCreateParams.builder()
                .model("rag")
                .addUserMessage("Tell me about sourdough bread.")
                .addAssistantMessage("Sourdough is bread made with a starter [1].")
                .addUserMessage("Why does it rise?")
                .build();

        List<ChatCompletionChunk> chunks = stream(followUp);

        assertThat(text(chunks)).isEqualTo("Wild yeast and bacteria [1].");
        assertThat(chunks.stream()
                        .filter(chunk -> chunk.choices().stream()
                                .anyMatch(choice -> choice.delta()
                                        .content()
                                        .filter(c -> !c.isEmpty())
                                        .isPresent()))
                        .count())
                .as("one chunk per token the model wrote")
                .isEqualTo(5);
        assertThat(json(chunks.getFirst()._additionalProperties().get("citations"))
                        .get(0)
                        .asText())
                .isEqualTo("sourdough");
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        List<JsonNode> requests = standIn.requests();
        assertThat(requests).hasSize(2);
        JsonNode answered = requests.get(1);
        assertThat(answered.get("stream").asBoolean()).isTrue();
        assertThat(answered.at("/messages/1/content").asText()).isEqualTo("Tell me about sourdough bread.");
        assertThat(answered.at("/messages/2/role").asText()).isEqualTo("assistant");

        // The same conversation again: the rewrite comes from the cache, and so does the answer.
        ChatCompletion again = openai.chat().completions().create(followUp);
        assertThat(again.choices().getFirst().message().content()).contains("Wild yeast and bacteria [1].");
        assertThat(standIn.requests()).hasSize(2);
    }

    @Test
    void temperatureMaxTokensAndStopAreHonouredOrRefusedClearly() throws IOException {
        startWithModel();
        standIn.reply(StandInOpenAi.answer(List.of("Fresnel", " invented it.", " END more text"), 100, 3));

        ChatCompletion stopped = openai.chat()
                .completions()
                .create(ask(QUESTION)
                        .temperature(0.0)
                        .maxCompletionTokens(50L)
                        .stop(ChatCompletionCreateParams.Stop.ofString(" END"))
                        .build());

        assertThat(stopped.choices().getFirst().message().content()).contains("Fresnel invented it.");
        JsonNode sent = standIn.requests().getLast();
        assertThat(sent.get("temperature").asDouble()).isZero();
        assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(50);

        List<ChatCompletionChunk> streamed = stream(ask("Who made the lens?")
                .stop(ChatCompletionCreateParams.Stop.ofString(" END"))
                .build());
        assertThat(text(streamed)).isEqualTo("Fresnel invented it.");

        OpenAIServiceException tooHot = catchThrowableOfType(
                OpenAIServiceException.class,
                () -> openai.chat()
                        .completions()
                        .create(ask(QUESTION).temperature(3.0).build()));
        assertThat(tooHot.statusCode()).isEqualTo(400);
        assertThat(tooHot.code()).contains("invalid_temperature");
        OpenAIServiceException two = catchThrowableOfType(
                OpenAIServiceException.class,
                () -> openai.chat().completions().create(ask(QUESTION).n(2L).build()));
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(two.code()).contains("unsupported_n");
    }

    @Test
    void errorsHaveOpenAisShapeAndUnknownFieldsAreIgnored() {
        start("unused");
        ingest();
        TestClient client = new TestClient(server.port());

        TestClient.Reply unknownModel = client.postJson(
                "/v1/chat/completions",
                Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", QUESTION))));
        assertThat(unknownModel.status()).isEqualTo(404);
        assertThat(unknownModel.json().at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(unknownModel.json().at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(unknownModel.json().at("/error/message").asText()).contains("GET /v1/models");

        TestClient.Reply malformed = client.post("/v1/chat/completions", "application/json", "{");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/type").asText()).isEqualTo("invalid_request_error");

        TestClient.Reply lastIsAssistant = client.postJson(
                "/v1/chat/completions",
                Map.of("model", "rag", "messages", List.of(Map.of("role", "assistant", "content", "Hi"))));
        assertThat(lastIsAssistant.status()).isEqualTo(400);
        assertThat(lastIsAssistant.json().at("/error/code").asText()).isEqualTo("invalid_messages");

        TestClient.Reply extraFields = client.postJson(
                "/v1/chat/completions",
                Map.of(
                        "model",
                        "rag",
                        "messages",
                        List.of(Map.of("role", "user", "content", QUESTION)),
                        "user",
                        "someone",
                        "presence_penalty",
                        0.5,
                        "some_future_field",
                        Map.of("x", 1)));
        assertThat(extraFields.status()).as(extraFields.body()).isEqualTo(200);

        assertThat(client.get("/v1/nothing").json().at("/error/type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void keysChooseTheModelsTheirNamespacesAndNeedTheQueryScope() {
        Path keys = TestKeys.write(
                dataDir.resolve("keys.yaml"),
                TestKeys.Key.of("acme-reader", "[query]", "[acme]"),
                TestKeys.Key.of("acme-writer", "[ingest]", "[acme]"));
        start(
                "rag_test-acme-reader",
                "API_KEYS_FILE",
                keys.toString(),
                "DATA_DIR",
                dataDir.resolve("data").toString());
        ingest("Authorization", "Bearer rag_test-acme-writer", "Content-Type", "application/json");

        assertThat(openai.models().list().data()).extracting(Model::id).containsExactly("rag:acme");
        assertThat(openai.models().retrieve("rag:acme").id()).isEqualTo("rag:acme");
        assertThat(catchThrowableOfType(
                                OpenAIServiceException.class,
                                () -> openai.models().retrieve("rag"))
                        .statusCode())
                .isEqualTo(403);
        ChatCompletion answer = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("rag:acme")
                        .addUserMessage(QUESTION)
                        .build());
        assertThat(answer.choices().getFirst().message().content())
                .hasValueSatisfying(text -> assertThat(text).contains("Fresnel"));

        OpenAIServiceException otherNamespace = catchThrowableOfType(
                OpenAIServiceException.class,
                () -> openai.chat().completions().create(ask(QUESTION).build()));
        assertThat(otherNamespace.statusCode()).isEqualTo(403);
        assertThat(otherNamespace.type()).contains("permission_error");

        TestClient client = new TestClient(server.port());
        TestClient.Reply noKey = client.get("/v1/models");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().at("/error/type").asText()).isEqualTo("authentication_error");
        TestClient.Reply writerKey = client.get("/v1/models", "Authorization", "Bearer rag_test-acme-writer");
        assertThat(writerKey.status()).isEqualTo(403);
    }

    static ChatCompletionCreateParams.Builder ask(String question) {
        return ChatCompletionCreateParams.builder().model("rag").addUserMessage(question);
    }

    List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(params)) {
            return new ArrayList<>(stream.stream().toList());
        }
    }

    static String text(List<ChatCompletionChunk> chunks) {
        return chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
    }

    static List<ChatCompletionChunk.Choice.FinishReason> finishReasons(List<ChatCompletionChunk> chunks) {
        return chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(ChatCompletionChunk.Choice::finishReason)
                .flatMap(Optional::stream)
                .toList();
    }

    static JsonNode json(JsonValue value) {
        assertThat(value).as("extension field present").isNotNull();
        return value.convert(JsonNode.class);
    }
}
