package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the adapter uses of an answer of {@code POST /embeddings}: each vector with the {@code index} of its input,
 * and the tokens billed when the server says.
 */
record EmbeddingsAnswer(List<Embedding> data, OptionalLong promptTokens) {

    /** @param index the input this vector belongs to; -1 when the server left it out */
    record Embedding(long index, float[] vector) {}

    /** @param dimension the expected length of a vector, to size the arrays once */
    static EmbeddingsAnswer read(InputStream body, int dimension) throws IOException {
        try (JsonParser parser = OpenAiJson.FACTORY.createParser(body)) {
            OpenAiJson.startObject(parser);
            List<Embedding> data = new ArrayList<>();
            OptionalLong promptTokens = OptionalLong.empty();
            for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
                switch (field) {
                    case "data" -> readData(parser, dimension, data);
                    case "usage" -> {
                        var usage = OpenAiJson.usage(parser);
                        promptTokens = usage == null ? OptionalLong.empty() : OptionalLong.of(usage.promptTokens());
                    }
                    default -> parser.skipChildren();
                }
            }
            return new EmbeddingsAnswer(data, promptTokens);
        }
    }

    private static void readData(JsonParser parser, int dimension, List<Embedding> data) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(parser, "data is not an array");
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            long index = -1;
            float[] vector = null;
            for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
                switch (field) {
                    case "index" -> index = parser.getValueAsLong(-1);
                    case "embedding" -> vector = vector(parser, dimension);
                    default -> parser.skipChildren();
                }
            }
            if (vector == null) {
                throw new JsonParseException(parser, "an embedding without a vector");
            }
            data.add(new Embedding(index, vector));
        }
        if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw new JsonParseException(parser, "data holds something other than embedding objects");
        }
    }

    /** JSON floats, or OpenAI's base64 format: float32 values, little-endian, back to back. */
    private static float[] vector(JsonParser parser, int dimension) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            ByteBuffer bytes = ByteBuffer.wrap(parser.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() % Float.BYTES != 0) {
                throw new JsonParseException(parser, "a base64 embedding is not made of 4-byte floats");
            }
            float[] vector = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(vector);
            return vector;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(parser, "an embedding is neither an array nor base64");
        }
        float[] vector = new float[dimension];
        int length = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null || !token.isNumeric()) {
                throw new JsonParseException(parser, "an embedding holds something other than numbers");
            }
            if (length == vector.length) {
                vector = Arrays.copyOf(vector, Math.max(16, length * 2));
            }
            vector[length++] = parser.getFloatValue();
        }
        return length == vector.length ? vector : Arrays.copyOf(vector, length);
    }
}
