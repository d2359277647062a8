package dev.ragservice.domain.answer;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.vector.Filter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A question to answer from one namespace.
 *
 * @param k        how many chunks to retrieve, 1 to {@value #MAX_K}
 * @param filter   null means no filter
 * @param mode     null means the retriever's default ({@link Retriever#defaultMode()})
 * @param useCache false skips every cache tier, neither reading nor writing (for debugging and evaluation)
 * @param context  who asks and by when the answer is needed
 * @param history    the conversation before the question, oldest first (empty for a single question): it makes a
 *                   follow-up self-contained for retrieval, and a chat model reads it
 * @param generation the answer's length limit and temperature when the request chose them, else the service's
 */
public record Question(
        String namespace,
        String text,
        int k,
        Filter filter,
        SearchMode mode,
        boolean useCache,
        RequestContext context,
        List<ChatMessage> history,
        Optional<GenerationSettings> generation) {

    public static final int MAX_K = 100;

    /** A question on its own, answered with the service's generation settings. */
    public Question(
            String namespace,
            String text,
            int k,
            Filter filter,
            SearchMode mode,
            boolean useCache,
            RequestContext context) {
        this(namespace, text, k, filter, mode, useCache, context, List.of(), Optional.empty());
    }

    public Question {
        if (namespace == null || namespace.isBlank()) {
            throw new InvalidRequestException("invalid_namespace", "the namespace must not be blank");
        }
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("empty_question", "the question must not be blank");
        }
        if (k < 1 || k > MAX_K) {
            throw new InvalidRequestException("invalid_k", "k must be between 1 and " + MAX_K + ", got " + k);
        }
        filter = filter == null ? Filter.ALL : filter;
        Objects.requireNonNull(context, "context");
        history = List.copyOf(history);
        Objects.requireNonNull(generation, "generation");
    }

    /** The same question asked in other words (a follow-up made self-contained), with the same history. */
    public Question withText(String newText) {
        return new Question(namespace, newText, k, filter, mode, useCache, context, history, generation);
    }
}
