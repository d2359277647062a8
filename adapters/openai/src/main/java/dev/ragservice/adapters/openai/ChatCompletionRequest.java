package dev.ragservice.adapters.openai;

import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatRequest;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /chat/completions}, written with snake_case names; null fields are left out.
 *
 * @param maxCompletionTokens OpenAI's field for the answer's length (its reasoning models refuse the old one)
 * @param maxTokens           the deprecated field, for servers that only know it ({@code OPENAI_MAX_TOKENS_FIELD})
 * @param stream              true for an answer streamed as server-sent events, null otherwise
 * @param streamOptions       asks for the usage in a last chunk of the stream
 */
record ChatCompletionRequest(
        String model,
        List<Message> messages,
        double temperature,
        @Nullable Integer maxCompletionTokens,
        @Nullable Integer maxTokens,
        @Nullable Boolean stream,
        @Nullable StreamOptions streamOptions) {

    record Message(String role, String content) {}

    record StreamOptions(boolean includeUsage) {}

    static ChatCompletionRequest of(OpenAiChatSettings settings, ChatRequest request, boolean stream) {
        List<Message> messages = request.messages().stream()
                .map(message -> new Message(role(message.role()), message.content()))
                .toList();
        boolean legacy = settings.sendMaxTokensAsLegacyField();
        return new ChatCompletionRequest(
                settings.model(),
                messages,
                request.temperature(),
                legacy ? null : request.maxTokens(),
                legacy ? request.maxTokens() : null,
                stream ? Boolean.TRUE : null,
                stream ? new StreamOptions(true) : null);
    }

    private static String role(ChatMessage.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
