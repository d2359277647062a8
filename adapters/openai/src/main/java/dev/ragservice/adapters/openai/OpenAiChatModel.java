package dev.ragservice.adapters.openai;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Answers from {@code POST /chat/completions} of OpenAI or any compatible server: whole ({@link #chat}) or streamed
 * as server-sent events ({@link #stream}). Safe for concurrent use.
 */
public final class OpenAiChatModel implements ChatModel, AutoCloseable {

    private static final String PATH = "/chat/completions";
    private static final String OPERATION = "POST " + PATH;
    /** What OpenAI (and every compatible server) sends as the last event of a stream. */
    private static final String END_OF_STREAM = "[DONE]";

    private final OpenAiApi api;
    private final OpenAiChatSettings settings;
    private final OpenAiExceptionTranslator errors;

    OpenAiChatModel(OpenAiApi api, OpenAiChatSettings settings, OpenAiExceptionTranslator errors) {
        this.api = Objects.requireNonNull(api, "api");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    @Override
    public String modelId() {
        return settings.model();
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        ChatCompletionPart completion = api.post(
                PATH, ChatCompletionRequest.of(settings, request, false), deadline, ChatCompletionPart::readCompletion);
        if (completion.error() != null) {
            throw errors.errorInAnswer(OPERATION, completion.error());
        }
        if (!completion.hasChoice()) {
            throw errors.invalidAnswer(OPERATION, "no choices");
        }
        return new ChatResponse(
                Objects.requireNonNullElse(completion.text(), ""),
                answeredBy(completion.model()),
                Objects.requireNonNullElse(completion.usage(), TokenUsage.NONE));
    }

    /**
     * Asks for a stream with the usage in its last chunk ({@code stream_options.include_usage}) and hands every
     * piece of text to {@code text} as its event arrives. The deadline bounds the whole stream, not only its start.
     */
    @Override
    public ChatResponse stream(ChatRequest request, Deadline deadline, Consumer<String> text) {
        return api.post(
                PATH, ChatCompletionRequest.of(settings, request, true), deadline, body -> readStream(body, text));
    }

    private ChatResponse readStream(InputStream body, Consumer<String> text) throws IOException {
        ServerSentEvents events = new ServerSentEvents(body);
        StringBuilder answer = new StringBuilder();
        String model = null;
        TokenUsage usage = TokenUsage.NONE;
        for (String data = events.next(); !END_OF_STREAM.equals(data); data = events.next()) {
            if (data == null) {
                // Read as a broken connection: the server (or something between) ended the answer early.
                throw new EOFException("the stream ended without " + END_OF_STREAM);
            }
            ChatCompletionPart chunk = ChatCompletionPart.readChunk(data);
            if (chunk.error() != null) {
                throw errors.errorInAnswer(OPERATION, chunk.error());
            }
            model = model == null ? chunk.model() : model;
            usage = chunk.usage() == null ? usage : chunk.usage();
            if (chunk.text() != null && !chunk.text().isEmpty()) {
                answer.append(chunk.text());
                text.accept(chunk.text());
            }
        }
        return new ChatResponse(answer.toString(), answeredBy(model), usage);
    }

    /** The model that really answered (OpenAI names the snapshot); the configured one when the server does not say. */
    private String answeredBy(@Nullable String model) {
        return model == null ? settings.model() : model;
    }

    @Override
    public void close() {
        api.close();
    }
}
