package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.answer.GenerationSettings;
import dev.ragservice.domain.answer.Question;
import dev.ragservice.domain.answer.SearchMode;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.vector.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions} as OpenAI defines it: {@code model} names the namespace ({@link OpenAiModels}),
 * the last message is the user's question, the earlier ones the conversation. {@code temperature},
 * {@code max_completion_tokens} (or the older {@code max_tokens}) and {@code stop} are honoured; {@code n} other
 * than 1, token arrays and non-text content are refused with a 400 that says so; every other field is ignored, as
 * OpenAI ignores what it does not know.
 *
 * @param stop the sequences before which the answer ends (at most {@value #MAX_STOP_SEQUENCES})
 */
record ChatCompletionsRequest(String model, Question question, boolean stream, List<String> stop) {

    static final int MAX_STOP_SEQUENCES = 4;

    /**
     * @param defaults the service's {@code LLM_MAX_TOKENS} and {@code LLM_TEMPERATURE}; a request may ask for fewer
     *                 tokens, not more
     */
    static ChatCompletionsRequest from(
            JsonNode body,
            String defaultNamespace,
            SearchMode defaultMode,
            GenerationSettings defaults,
            RequestContext context) {
        String model = JsonFields.requiredText(body, "model");
        String namespace = OpenAiModels.namespaceOf(model, defaultNamespace);
        List<ChatMessage> messages = messages(body);
        ChatMessage last = messages.getLast();
        if (last.role() != ChatMessage.Role.USER) {
            throw ApiException.badRequest(
                    "invalid_messages", "the last message must be the user's question (role 'user')");
        }
        int n = JsonFields.integer(body, "n", 1);
        if (n != 1) {
            throw ApiException.badRequest("unsupported_n", "'n' must be 1: one answer is written per request");
        }
        Optional<GenerationSettings> generation = generation(body, defaults);
        Question question = new Question(
                namespace,
                last.content(),
                QueryRequest.DEFAULT_K,
                Filter.ALL,
                defaultMode,
                true,
                context,
                messages.subList(0, messages.size() - 1),
                generation);
        return new ChatCompletionsRequest(model, question, JsonFields.bool(body, "stream", false), stop(body));
    }

    private static List<ChatMessage> messages(JsonNode body) {
        JsonNode array = JsonFields.array(body, "messages")
                .orElseThrow(() -> ApiException.badRequest("missing_field", "'messages' is required"));
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : array) {
            if (!message.isObject()) {
                throw ApiException.badRequest("invalid_messages", "each message must be an object");
            }
            String role = JsonFields.requiredText(message, "role");
            switch (role) {
                case "system", "developer" -> messages.add(ChatMessage.system(content(message, true)));
                case "user" -> messages.add(ChatMessage.user(content(message, true)));
                case "assistant" -> messages.add(new ChatMessage(ChatMessage.Role.ASSISTANT, content(message, false)));
                // Tool results belong to tool calls, which this service never makes: nothing of them to use.
                case "tool", "function" -> {}
                default ->
                    throw ApiException.badRequest(
                            "invalid_messages",
                            "unknown role '" + role + "': use system, developer, user, assistant or tool");
            }
        }
        if (messages.isEmpty()) {
            throw ApiException.badRequest("invalid_messages", "'messages' must hold at least one message");
        }
        return messages;
    }

    /** A string, or an array of parts of which only {@code text} parts are understood. */
    private static String content(JsonNode message, boolean required) {
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            if (required) {
                throw ApiException.badRequest(
                        "invalid_messages", "a " + message.path("role").asText() + " message needs 'content'");
            }
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw ApiException.badRequest(
                    "invalid_messages", "'content' must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw ApiException.badRequest(
                        "unsupported_content",
                        "only text content parts are supported, got type '" + type.toLowerCase(Locale.ROOT) + "'");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.get("text").textValue());
        }
        return text.toString();
    }

    private static Optional<GenerationSettings> generation(JsonNode body, GenerationSettings defaults) {
        Optional<JsonNode> temperature = JsonFields.optional(body, "temperature");
        // The newer name wins when a client sends both, as OpenAI does.
        String tokensField =
                JsonFields.optional(body, "max_completion_tokens").isPresent() ? "max_completion_tokens" : "max_tokens";
        Optional<JsonNode> tokens = JsonFields.optional(body, tokensField);
        if (temperature.isEmpty() && tokens.isEmpty()) {
            return Optional.empty();
        }
        double chosenTemperature = temperature
                .map(node -> {
                    if (!node.isNumber() || node.doubleValue() < 0 || node.doubleValue() > 2) {
                        throw ApiException.badRequest(
                                "invalid_temperature", "'temperature' must be a number between 0 and 2");
                    }
                    return node.doubleValue();
                })
                .orElse(defaults.temperature());
        int chosenTokens = tokens.map(node -> {
                    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
                        throw ApiException.badRequest(
                                "invalid_max_tokens", "'" + tokensField + "' must be a positive integer");
                    }
                    if (node.intValue() > defaults.maxTokens()) {
                        throw ApiException.badRequest(
                                "invalid_max_tokens",
                                "'" + tokensField + "' may be at most " + defaults.maxTokens()
                                        + ", the service's limit (LLM_MAX_TOKENS)");
                    }
                    return node.intValue();
                })
                .orElse(defaults.maxTokens());
        return Optional.of(new GenerationSettings(chosenTokens, chosenTemperature));
    }

    private static List<String> stop(JsonNode body) {
        Optional<JsonNode> stop = JsonFields.optional(body, "stop");
        if (stop.isEmpty()) {
            return List.of();
        }
        List<String> sequences = new ArrayList<>();
        if (stop.get().isTextual()) {
            sequences.add(stop.get().textValue());
        } else if (stop.get().isArray()) {
            for (JsonNode sequence : stop.get()) {
                if (!sequence.isTextual()) {
                    throw ApiException.badRequest("invalid_stop", "'stop' must be a string or an array of strings");
                }
                sequences.add(sequence.textValue());
            }
        } else {
            throw ApiException.badRequest("invalid_stop", "'stop' must be a string or an array of strings");
        }
        if (sequences.size() > MAX_STOP_SEQUENCES || sequences.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest(
                    "invalid_stop", "'stop' takes up to " + MAX_STOP_SEQUENCES + " non-empty sequences");
        }
        return List.copyOf(sequences);
    }
}
