package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's wire format for the tests: response bodies of {@code /v1/chat/completions} (whole or streamed as
 * server-sent events) and of errors as the API sends them, and the settings that point an adapter at a WireMock
 * server on loopback.
 */
public final class OpenAiWire {

    static final String API_KEY = "sk-proj-test-4f1c9b2e7d8a0c3b5e6f";

    /** The last event of every stream. */
    public static final String END_OF_STREAM = "data: [DONE]\n\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {}

    /** Settings for a server at {@code baseUrl} (WireMock's, without {@code /v1}) plus name/value overrides. */
    static PluginConfig config(String wireMockBaseUrl, String... overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("OPENAI_API_KEY", API_KEY);
        settings.put("OPENAI_BASE_URL", wireMockBaseUrl + "/v1");
        settings.put("OPENAI_TIMEOUT_MS", "2000");
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        return PluginConfig.of(settings);
    }

    /** A non-streaming chat completion as OpenAI returns it, with usage and its detail objects. */
    public static String chatCompletion(String content, String model, long promptTokens, long completionTokens) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
                .put("object", "chat.completion")
                .put("created", 1741569952)
                .put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", content)
                .putNull("refusal")
                .putArray("annotations");
        choice.putNull("logprobs").put("finish_reason", "stop");
        ObjectNode usage = body.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", 0)
                .put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0)
                .put("rejected_prediction_tokens", 0);
        body.put("service_tier", "default").put("system_fingerprint", "fp_06737a9306");
        return body.toString();
    }

    /**
     * A chat completion streamed as OpenAI sends it for {@code "stream": true} with
     * {@code "stream_options": {"include_usage": true}}: a first chunk with the role and empty content, one chunk per
     * piece, a chunk with the finish reason, a last chunk with the usage and no choices, then {@code [DONE]}.
     */
    public static String chatCompletionStream(
            List<String> pieces, String model, long promptTokens, long completionTokens) {
        StringBuilder stream = new StringBuilder();
        ObjectNode first = chunk(model);
        first.putArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("logprobs")
                .putNull("finish_reason")
                .putObject("delta")
                .put("role", "assistant")
                .put("content", "")
                .putNull("refusal");
        stream.append(event(first.toString()));
        for (String piece : pieces) {
            stream.append(event(chatCompletionChunk(piece, model)));
        }
        ObjectNode finish = chunk(model);
        finish.putArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("logprobs")
                .put("finish_reason", "stop")
                .putObject("delta");
        stream.append(event(finish.toString()));
        ObjectNode usage = chunk(model);
        usage.putArray("choices");
        usage.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return stream.append(event(usage.toString())).append(END_OF_STREAM).toString();
    }

    /** One chunk of a streamed chat completion that carries a piece of the answer. */
    public static String chatCompletionChunk(String piece, String model) {
        ObjectNode chunk = chunk(model);
        chunk.putArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("logprobs")
                .putNull("finish_reason")
                .putObject("delta")
                .put("content", piece);
        return chunk.toString();
    }

    /** A server-sent event carrying {@code data}. */
    public static String event(String data) {
        return "data: " + data + "\n\n";
    }

    private static ObjectNode chunk(String model) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG")
                .put("object", "chat.completion.chunk")
                .put("created", 1741570283)
                .put("model", model)
                .put("service_tier", "default")
                .put("system_fingerprint", "fp_06737a9306");
        chunk.putNull("usage");
        return chunk;
    }

    /** OpenAI's error envelope: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static String error(String message, String type, String code) {
        ObjectNode error = JSON.createObjectNode()
                .putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return "{\"error\":" + error + "}";
    }

    /** The strings of a top-level array field of a JSON request body. */
    static List<String> strings(String body, String field) {
        try {
            List<String> values = new ArrayList<>();
            JSON.readTree(body).get(field).forEach(value -> values.add(value.asText()));
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Header names the SDK's telemetry would add; none may reach the provider. */
    static List<String> stainlessHeaders(LoggedRequest request) {
        return request.getHeaders().keys().stream()
                .filter(name -> name.toLowerCase().startsWith("x-stainless"))
                .toList();
    }
}
