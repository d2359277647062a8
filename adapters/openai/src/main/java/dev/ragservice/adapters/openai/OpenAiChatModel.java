package dev.ragservice.adapters.openai;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;

import java.util.List;
import java.util.Objects;

/**
 * Answers from {@code POST /chat/completions} of OpenAI or any compatible server, in one non-streaming call: the
 * port returns a whole answer, so streaming would only add a way to fail halfway. Safe for concurrent use.
 */
public final class OpenAiChatModel implements ChatModel, AutoCloseable {

    private static final String OPERATION = "POST /chat/completions";

    private final OpenAIClient client;
    private final OpenAiChatSettings settings;
    private final OpenAiExceptionTranslator errors;

    OpenAiChatModel(OpenAIClient client, OpenAiChatSettings settings, OpenAiExceptionTranslator errors) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    @Override
    public String modelId() {
        return settings.model();
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        try {
            ChatCompletion completion = client.chat().completions().create(params(request));
            List<ChatCompletion.Choice> choices = completion.choices();
            if (choices.isEmpty()) {
                throw errors.invalidAnswer(OPERATION, "no choices");
            }
            // The model that actually answered (OpenAI names the snapshot, such as gpt-4o-mini-2024-07-18).
            String answeredBy = completion._model().asKnown().orElse(settings.model());
            return new ChatResponse(text(choices.get(0).message()), answeredBy, usage(completion));
        } catch (OpenAIException e) {
            throw errors.translate(OPERATION, e);
        }
    }

    private ChatCompletionCreateParams params(ChatRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .temperature(request.temperature());
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> params.addSystemMessage(message.content());
                case USER -> params.addUserMessage(message.content());
                case ASSISTANT -> params.addAssistantMessage(message.content());
            }
        }
        if (settings.sendMaxTokensAsLegacyField()) {
            legacyMaxTokens(params, request.maxTokens());
        } else {
            params.maxCompletionTokens(request.maxTokens());
        }
        return params.build();
    }

    @SuppressWarnings("deprecation") // Deliberate: for servers that do not know max_completion_tokens.
    private static void legacyMaxTokens(ChatCompletionCreateParams.Builder params, int maxTokens) {
        params.maxTokens((long) maxTokens);
    }

    /** A refusal is the model's answer too; with neither content nor refusal the answer is empty. */
    private static String text(ChatCompletionMessage message) {
        return message.content().or(message::refusal).orElse("");
    }

    /** Some compatible servers send no usage; zero is then the honest count we know. */
    private static TokenUsage usage(ChatCompletion completion) {
        return completion.usage()
                .map(usage -> new TokenUsage(usage.promptTokens(), usage.completionTokens()))
                .orElse(TokenUsage.NONE);
    }

    @Override
    public void close() {
        client.close();
    }
}
