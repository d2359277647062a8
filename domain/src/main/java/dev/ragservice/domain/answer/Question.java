package dev.ragservice.domain.answer;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.ports.vector.Filter;
import java.util.Objects;

/**
 * A question to answer from one namespace.
 *
 * @param k        how many chunks to retrieve, 1 to {@value #MAX_K}
 * @param filter   null means no filter
 * @param mode     null means the retriever's default ({@link Retriever#defaultMode()})
 * @param useCache false skips every cache tier, neither reading nor writing (for debugging and evaluation)
 * @param context  who asks and by when the answer is needed
 */
public record Question(
        String namespace,
        String text,
        int k,
        Filter filter,
        SearchMode mode,
        boolean useCache,
        RequestContext context) {

    public static final int MAX_K = 100;

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
    }
}
