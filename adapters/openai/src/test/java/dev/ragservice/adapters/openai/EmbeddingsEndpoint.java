package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A WireMock stand-in for {@code POST /v1/embeddings} that answers like OpenAI does: one embedding object per
 * input, each labelled with its input's {@code index}, plus {@code usage}. It lists them in reverse order, so a
 * client that trusts list order instead of {@code index} gets the vectors wrong. Each vector is derived from its
 * text's words ({@link #vectorOf}), so a test can tell which text a vector belongs to, and a question ranks the
 * paragraph sharing its words first, as with a real embedding model.
 *
 * <p>Transformer parameters: {@code dimensions} (vector length when the request names none), {@code base64}
 * (answer base64 even when floats were asked for, as a server that ignores {@code encoding_format} would).
 * Public for the benchmarks, which simulate OpenAI with it.
 */
public final class EmbeddingsEndpoint implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "embeddings-endpoint";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        JsonNode request = read(serveEvent.getRequest().getBodyAsString());
        Parameters parameters = serveEvent.getTransformerParameters();
        int dimensions =
                request.has("dimensions") ? request.get("dimensions").asInt() : parameters.getInt("dimensions", 1536);
        boolean base64 = parameters.getBoolean("base64", false)
                || "base64".equals(request.path("encoding_format").asText());

        List<String> inputs = inputs(request);
        ObjectNode body = json.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int index = inputs.size() - 1; index >= 0; index--) {
            float[] vector = vectorOf(inputs.get(index), dimensions);
            ObjectNode embedding = data.addObject().put("object", "embedding").put("index", index);
            if (base64) {
                embedding.put("embedding", toBase64(vector));
            } else {
                ArrayNode values = embedding.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
        }
        body.put("model", request.get("model").asText());
        long tokens = promptTokens(inputs);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
                .but()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("openai-processing-ms", "21")
                .withHeader("x-request-id", "req_" + Integer.toHexString(inputs.hashCode()))
                .withBody(body.toString())
                .build();
    }

    /** Hashed word counts scaled to length 1: texts sharing words are close. */
    public static float[] vectorOf(String text, int dimensions) {
        float[] vector = new float[dimensions];
        for (String word : words(text)) {
            vector[Math.floorMod(word.hashCode(), dimensions)] += 1;
        }
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        if (norm == 0) {
            vector[0] = 1;
            return vector;
        }
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return vector;
    }

    /** The texts of a request's {@code input}: a string or a list of them, as OpenAI accepts. */
    public static List<String> inputs(JsonNode request) {
        JsonNode input = request.get("input");
        List<String> inputs = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(text -> inputs.add(text.asText()));
        } else {
            inputs.add(input.asText());
        }
        return inputs;
    }

    /** What this fake bills: one token per word. */
    static long promptTokens(List<String> inputs) {
        return inputs.stream().mapToLong(text -> words(text).size()).sum();
    }

    private static List<String> words(String text) {
        return Stream.of(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    /** OpenAI's base64 format: the float32 values, little-endian, back to back. */
    private static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
