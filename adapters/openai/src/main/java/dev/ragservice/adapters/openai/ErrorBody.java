package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ragservice.ports.Nullable;
import java.io.IOException;

/**
 * What an error answer says: OpenAI's envelope {@code {"error": {"message", "type", "param", "code"}}}, the flat
 * {@code {"message", "code"}} of older vLLM, or {@code {"error": "..."}}; any other body (an HTML page from a proxy)
 * is its own message.
 *
 * @param message what the provider said; may quote the request or the key, so it is scrubbed before use
 * @param code    OpenAI's machine-readable code ({@code insufficient_quota}), or null
 */
record ErrorBody(@Nullable String message, @Nullable String code) {

    /** A provider's page can be long; its start says what went wrong. */
    private static final int LONGEST_MESSAGE = 500;

    static ErrorBody parse(String body) {
        try (JsonParser parser = OpenAiJson.FACTORY.createParser(body)) {
            OpenAiJson.startObject(parser);
            ErrorBody error = null;
            ErrorBody flat = new ErrorBody(null, null);
            for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
                switch (field) {
                    case "error" -> error = read(parser);
                    case "message" -> flat = new ErrorBody(OpenAiJson.text(parser), flat.code);
                    case "code" -> flat = new ErrorBody(flat.message, OpenAiJson.text(parser));
                    default -> parser.skipChildren();
                }
            }
            ErrorBody found = error != null ? error : flat;
            return found.message == null ? new ErrorBody(shortened(body), found.code) : found;
        } catch (IOException notJson) {
            return new ErrorBody(shortened(body), null);
        }
    }

    /** The value of an {@code error} field, the parser on it: an object or a plain message. */
    static ErrorBody read(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return new ErrorBody(OpenAiJson.text(parser), null);
        }
        String message = null;
        String code = null;
        for (String field = OpenAiJson.nextField(parser); field != null; field = OpenAiJson.nextField(parser)) {
            switch (field) {
                case "message" -> message = OpenAiJson.text(parser);
                // A string for OpenAI, a number (the HTTP status) for some compatible servers.
                case "code" -> code = OpenAiJson.text(parser);
                default -> parser.skipChildren();
            }
        }
        return new ErrorBody(message, code);
    }

    private static String shortened(String body) {
        String text = body.strip();
        return text.length() <= LONGEST_MESSAGE ? text : text.substring(0, LONGEST_MESSAGE) + "...";
    }
}
