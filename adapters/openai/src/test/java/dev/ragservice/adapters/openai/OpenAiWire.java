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
 * OpenAI's wire format for the tests: response bodies of {@code /v1/chat/completions} and of errors as the API
 * sends them, and the settings that point an adapter at a WireMock server on loopback.
 */
public final class OpenAiWire {

    static final String API_KEY = "sk-proj-test-4f1c9b2e7d8a0c3b5e6f";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {
    }

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
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal")
                .putArray("annotations");
        choice.putNull("logprobs").put("finish_reason", "stop");
        ObjectNode usage = body.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        body.put("service_tier", "default").put("system_fingerprint", "fp_06737a9306");
        return body.toString();
    }

    /** OpenAI's error envelope: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static String error(String message, String type, String code) {
        ObjectNode error = JSON.createObjectNode().putObject("error").put("message", message).put("type", type)
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
