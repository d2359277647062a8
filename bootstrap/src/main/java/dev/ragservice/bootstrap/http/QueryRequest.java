package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.answer.Question;
import dev.ragservice.domain.answer.SearchMode;
import dev.ragservice.domain.filter.FilterParser;
import dev.ragservice.ports.vector.Filter;

/**
 * {@code POST /query}: {@code {"question", "k"?, "use_cache"?, "filter"?, "mode"?, "namespace"?}} (and
 * {@code "stream"?}, which decides how the answer is sent, not what it is: read by {@link QueryService}). Only the
 * JSON shapes are checked here; the domain checks the values ({@code k} in range, question not blank).
 */
final class QueryRequest {

    static final int DEFAULT_K = 5;

    private QueryRequest() {}

    static Question from(
            JsonNode body,
            String defaultNamespace,
            SearchMode defaultMode,
            ObjectMapper mapper,
            int maxFilterClauses,
            RequestContext context) {
        String question = JsonFields.requiredText(body, "question");
        int k = JsonFields.integer(body, "k", DEFAULT_K);
        boolean useCache = JsonFields.bool(body, "use_cache", true);
        SearchMode mode =
                JsonFields.optionalText(body, "mode").map(SearchMode::parse).orElse(defaultMode);
        Filter filter = JsonFields.optional(body, "filter")
                .map(node -> {
                    if (!node.isObject()) {
                        throw ApiException.badRequest("invalid_filter", "'filter' must be a JSON object");
                    }
                    return FilterParser.parse(mapper.convertValue(node, Object.class), maxFilterClauses);
                })
                .orElse(Filter.ALL);
        return new Question(JsonFields.namespace(body, defaultNamespace), question, k, filter, mode, useCache, context);
    }
}
