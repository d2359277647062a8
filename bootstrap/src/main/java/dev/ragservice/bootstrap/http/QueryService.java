package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.answer.Answer;
import dev.ragservice.domain.answer.AnswerQuestion;
import dev.ragservice.domain.answer.Question;
import dev.ragservice.domain.answer.SearchMode;
import dev.ragservice.domain.filter.MetadataParser;
import dev.ragservice.ports.vector.SearchHit;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code POST /query}: answers a question from the top-k chunks, with the sources it used. */
public final class QueryService implements HttpService {

    record Source(String id, String documentId, String text, double score, Map<String, Object> metadata) {
        static Source of(SearchHit hit) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            hit.metadata().forEach((key, value) -> metadata.put(key, MetadataParser.toJson(value)));
            return new Source(hit.chunkId(), hit.documentId(), hit.text(), hit.score(), metadata);
        }
    }

    record Usage(long promptTokens, long completionTokens) {}

    /**
     * {@code sources} is the JSON array of {@link Source}s: see {@link SourcesJson}.
     *
     * @param degraded true when the chat model failed and the answer is made of the sources' own sentences
     */
    record QueryResponse(
            String answer,
            RawValue sources,
            boolean cached,
            boolean degraded,
            long latencyMs,
            String model,
            String mode,
            Usage usage) {}

    private final AnswerQuestion answers;
    private final SearchMode defaultMode;
    private final Json json;
    private final RagMetrics metrics;
    private final SourcesJson sources;

    private final RequestContexts contexts;

    private final RequestLimits limits;

    public QueryService(
            AnswerQuestion answers,
            SearchMode defaultMode,
            Json json,
            RagMetrics metrics,
            RequestContexts contexts,
            RequestLimits limits) {
        this.limits = limits;
        this.contexts = contexts;
        this.answers = answers;
        this.metrics = metrics;
        this.defaultMode = defaultMode;
        this.json = json;
        this.sources = new SourcesJson(json.mapper());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(Endpoint.QUERY.path(), this::query).any(Endpoint.QUERY.path(), MethodNotAllowed.allow("POST"));
    }

    private void query(ServerRequest request, ServerResponse response) {
        long started = System.nanoTime();
        Question question = QueryRequest.from(
                json.readObject(request),
                contexts.defaultNamespace(request),
                defaultMode,
                json.mapper(),
                limits.filterClauses(),
                contexts.of(request, Endpoint.QUERY));
        Answer answer = answers.answer(question);
        if (answer.degraded()) {
            metrics.degradedAnswer();
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        json.send(
                response,
                200,
                new QueryResponse(
                        answer.text(),
                        sources.of(answer.sources(), answer.cached()),
                        answer.cached(),
                        answer.degraded(),
                        latencyMs,
                        answer.model(),
                        question.mode().name().toLowerCase(Locale.ROOT),
                        new Usage(answer.usage().promptTokens(), answer.usage().completionTokens())));
    }
}
