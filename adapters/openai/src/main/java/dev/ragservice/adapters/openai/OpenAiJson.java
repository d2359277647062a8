package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.chat.TokenUsage;
import java.io.IOException;

/**
 * Reading OpenAI's answers with Jackson's streaming parser: field by field, skipping what the adapter does not use,
 * without building a tree of the whole answer (an embeddings answer holds thousands of numbers per vector).
 */
final class OpenAiJson {

    /**
     * Shared and thread-safe. The parser must not close the body it reads: the body is drained to its end first, or
     * the connection could not go back to the pool.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private OpenAiJson() {}

    /** Moves to the first token of an answer, which must open an object. */
    static void startObject(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "the answer is not a JSON object");
        }
    }

    /**
     * Moves to the value of the next field of the current object and returns the field's name, or null at the end of
     * the object.
     */
    static @Nullable String nextField(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = parser.currentName();
        parser.nextToken();
        return name;
    }

    /** The current value as text (a number's digits too), or null for null, an object or an array (skipped). */
    static @Nullable String text(JsonParser parser) throws IOException {
        String text = parser.getValueAsString();
        parser.skipChildren();
        return text;
    }

    /** {@code {"prompt_tokens": .., "completion_tokens": ..}}, or null when the value is null. */
    static @Nullable TokenUsage usage(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        long prompt = 0;
        long completion = 0;
        for (String field = nextField(parser); field != null; field = nextField(parser)) {
            switch (field) {
                case "prompt_tokens" -> prompt = parser.getValueAsLong();
                case "completion_tokens" -> completion = parser.getValueAsLong();
                default -> parser.skipChildren();
            }
        }
        return new TokenUsage(prompt, completion);
    }
}
