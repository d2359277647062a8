package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.chat.TokenUsage;
import java.io.IOException;
import java.io.InputStream;

/**
 * What the adapter uses of a chat completion, or of one chunk of a streamed one: the text of the first choice (its
 * {@code message}, or its {@code delta} in a chunk), the model that wrote it, the usage and an error, when present.
 *
 * @param model     the model that really answered (OpenAI names the snapshot, such as gpt-4o-mini-2024-07-18)
 * @param hasChoice whether {@code choices} had an element (the last chunk of a stream has none, only usage)
 * @param text      the content or, when the model refused, the refusal: a refusal is the model's answer too; null
 *                  with neither
 * @param usage     null when the server sent none (some compatible servers never do)
 * @param error     an {@code error} object sent in place of an answer, as a stream does when it fails midway
 */
record ChatCompletionPart(
        @Nullable String model,
        boolean hasChoice,
        @Nullable String text,
        @Nullable TokenUsage usage,
        @Nullable ErrorBody error) {

    static ChatCompletionPart readCompletion(InputStream body) throws IOException {
        try (JsonParser parser = OpenAiJson.FACTORY.createParser(body)) {
            return read(parser, "message");
        }
    }

    static ChatCompletionPart readChunk(String data) throws IOException {
        try (JsonParser parser = OpenAiJson.FACTORY.createParser(data)) {
            return read(parser, "delta");
        }
    }

    private static ChatCompletionPart read(JsonParser parser, String messageField) throws IOException {
        OpenAiJson.startObject(parser);
        String model = null;
        boolean hasChoice = false;
        String text = null;
        TokenUsage usage = null;
        ErrorBody error = null;
        for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
            switch (field) {
                case "model" -> model = OpenAiJson.text(parser);
                case "choices" -> {
                    if (parser.currentToken() == JsonToken.START_ARRAY
                            && parser.nextToken() == JsonToken.START_OBJECT) {
                        hasChoice = true;
                        text = firstChoiceText(parser, messageField);
                        skipRestOfArray(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                case "usage" -> usage = OpenAiJson.usage(parser);
                case "error" -> error = ErrorBody.read(parser);
                default -> parser.skipChildren();
            }
        }
        return new ChatCompletionPart(model, hasChoice, text, usage, error);
    }

    /** The parser on the choice's START_OBJECT; leaves it on its END_OBJECT. */
    private static @Nullable String firstChoiceText(JsonParser parser, String messageField) throws IOException {
        String text = null;
        for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
            if (field.equals(messageField) && parser.currentToken() == JsonToken.START_OBJECT) {
                text = messageText(parser);
            } else {
                parser.skipChildren();
            }
        }
        return text;
    }

    private static @Nullable String messageText(JsonParser parser) throws IOException {
        String content = null;
        String refusal = null;
        for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
            switch (field) {
                case "content" -> content = OpenAiJson.text(parser);
                case "refusal" -> refusal = OpenAiJson.text(parser);
                default -> parser.skipChildren();
            }
        }
        return content != null ? content : refusal;
    }

    private static void skipRestOfArray(JsonParser parser) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new JsonParseException(parser, "the answer ends inside choices");
            }
            parser.skipChildren();
        }
    }
}
