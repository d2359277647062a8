package dev.ragservice.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Contract of {@code LLM_PROVIDER=openai} against WireMock speaking OpenAI's {@code /v1/chat/completions}, for whole
 * answers; {@link OpenAiChatStreamTest} covers streamed ones.
 */
class OpenAiChatModelTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    @RegisterExtension
    static final WireMockExtension OPENAI = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final ChatRequest CONVERSATION = new ChatRequest(
            List.of(
                    ChatMessage.system("Answer from the sources only; cite them as [1]."),
                    ChatMessage.user("Who invented the Fresnel lens?"),
                    new ChatMessage(ChatMessage.Role.ASSISTANT, "Augustin-Jean Fresnel [1]."),
                    ChatMessage.user("When?")),
            2000,
            0.3);

    @Test
    void sendsModelMessagesWithRolesTemperatureAndMaxCompletionTokens() {
        OPENAI.stubFor(post("/v1/chat/completions")
                .willReturn(okJson(OpenAiWire.chatCompletion("In 1822 [1].", "gpt-4o-mini-2024-07-18", 61, 7))));
        try (OpenAiChatModel model = model()) {
            model.chat(CONVERSATION, DEADLINE);
        }

        OPENAI.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Authorization", equalTo("Bearer " + OpenAiWire.API_KEY))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("""
                        {"model": "gpt-4o-mini",
                         "messages": [
                           {"role": "system", "content": "Answer from the sources only; cite them as [1]."},
                           {"role": "user", "content": "Who invented the Fresnel lens?"},
                           {"role": "assistant", "content": "Augustin-Jean Fresnel [1]."},
                           {"role": "user", "content": "When?"}],
                         "temperature": 0.3,
                         "max_completion_tokens": 2000}""")));
        assertThat(OpenAiWire.stainlessHeaders(OPENAI.getAllServeEvents().get(0).getRequest()))
                .isEmpty();
    }

    @Test
    void sendsTheLegacyMaxTokensFieldForServersThatOnlyKnowIt() {
        OPENAI.stubFor(
                post("/v1/chat/completions").willReturn(okJson(OpenAiWire.chatCompletion("ok", "llama3.1", 5, 1))));
        try (OpenAiChatModel model = model("LLM_MODEL", "llama3.1", "OPENAI_MAX_TOKENS_FIELD", "max_tokens")) {
            model.chat(new ChatRequest(List.of(ChatMessage.user("hi")), 128, 0.0), DEADLINE);
        }

        OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"model": "llama3.1", "messages": [{"role": "user", "content": "hi"}],
                 "temperature": 0.0, "max_tokens": 128}""")));
    }

    @Test
    void returnsTheAnswerTheModelThatWroteItAndTheReportedUsage() {
        OPENAI.stubFor(post("/v1/chat/completions")
                .willReturn(okJson(OpenAiWire.chatCompletion(
                        "Fresnel presented it in 1822 [1].", "gpt-4o-mini-2024-07-18", 61, 9))));
        ChatResponse response;
        try (OpenAiChatModel model = model()) {
            assertThat(model.modelId()).isEqualTo("gpt-4o-mini");
            response = model.chat(CONVERSATION, DEADLINE);
        }

        assertThat(response.text()).isEqualTo("Fresnel presented it in 1822 [1].");
        assertThat(response.modelId()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.usage()).isEqualTo(new TokenUsage(61, 9));
    }

    @Test
    void aServerWithoutUsageCostsNothingWeKnowOf() {
        OPENAI.stubFor(post("/v1/chat/completions").willReturn(okJson("""
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1741569952, "model": "llama3.1",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello."},
                              "finish_reason": "stop"}]}""")));
        try (OpenAiChatModel model = model("LLM_MODEL", "llama3.1")) {
            ChatResponse response = model.chat(CONVERSATION, DEADLINE);

            assertThat(response.text()).isEqualTo("Hello.");
            assertThat(response.usage()).isEqualTo(TokenUsage.NONE);
        }
    }

    @Test
    void aRefusalIsTheAnswer() {
        OPENAI.stubFor(post("/v1/chat/completions").willReturn(okJson("""
                {"id": "chatcmpl-2", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                              "refusal": "I can't help with that."}, "logprobs": null, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18}}""")));
        try (OpenAiChatModel model = model()) {
            assertThat(model.chat(CONVERSATION, DEADLINE).text()).isEqualTo("I can't help with that.");
        }
    }

    @Test
    void anAnswerWithoutChoicesIsAnUnavailableProvider() {
        OPENAI.stubFor(post("/v1/chat/completions").willReturn(okJson("""
                {"id": "chatcmpl-3", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o-mini",
                 "choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 0, "total_tokens": 12}}""")));
        try (OpenAiChatModel model = model()) {
            assertThatThrownBy(() -> model.chat(CONVERSATION, DEADLINE))
                    .isInstanceOfSatisfying(
                            DependencyException.class,
                            e -> assertThat(e.kind()).isEqualTo(DependencyException.Kind.UNAVAILABLE));
        }
    }

    private static OpenAiChatModel model(String... overrides) {
        ChatModel model = new OpenAiChatModelProvider().create(OpenAiWire.config(OPENAI.baseUrl(), overrides));
        return (OpenAiChatModel) model;
    }
}
