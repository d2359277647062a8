package dev.ragservice.ports.chat;

import dev.ragservice.ports.Deadline;
import java.util.function.Consumer;

/** A language model that completes a conversation. Implementations must be safe for concurrent use. */
public interface ChatModel {

    /** The model's name as the provider knows it (for example {@code gpt-4o-mini}); part of cache keys. */
    String modelId();

    /**
     * @param deadline when the caller stops waiting; the provider's request should end then
     * @throws dev.ragservice.ports.DependencyException when the provider fails or the deadline passes
     */
    ChatResponse chat(ChatRequest request, Deadline deadline);

    /**
     * Writes the answer piece by piece as the model produces it: {@code text} receives each piece, in order, and
     * the whole response (all pieces joined, with the usage) is returned at the end. When {@code text} throws (the
     * client went away), the provider's request is cancelled at once and the exception propagates.
     *
     * <p>The default sends the whole answer as one piece; a provider that can stream should.
     *
     * @throws dev.ragservice.ports.DependencyException when the provider fails or the deadline passes, before or
     *                                                  after the first piece
     */
    default ChatResponse stream(ChatRequest request, Deadline deadline, Consumer<String> text) {
        ChatResponse response = chat(request, deadline);
        text.accept(response.text());
        return response;
    }
}
