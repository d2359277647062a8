package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.answer.Answer;
import dev.ragservice.domain.answer.AnswerQuestion;
import dev.ragservice.domain.answer.AnswerStream;
import dev.ragservice.domain.answer.Question;
import dev.ragservice.domain.answer.SearchMode;
import dev.ragservice.domain.filter.MetadataParser;
import dev.ragservice.ports.vector.SearchHit;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /query}: answers a question from the top-k chunks, with the sources it used; whole, or with
 * {@code "stream": true} as server-sent events while it is written ({@link EventStream}).
 */
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

    /** The {@code delta} event of a stream: the next piece of the answer. */
    record Delta(String text) {}

    /** The {@code done} event of a stream: what the whole response says besides the answer and its sources. */
    record Done(boolean cached, boolean degraded, String model, Usage usage, long latencyMs) {}

    private static final System.Logger LOG = System.getLogger(QueryService.class.getName());

    private final AnswerQuestion answers;
    private final SearchMode defaultMode;
    private final Json json;
    private final RagMetrics metrics;
    private final SourcesJson sources;

    private final RequestContexts contexts;

    private final RequestLimits limits;
    private final ErrorResponses errors;
    private final Duration heartbeat;

    /** @param heartbeat how long a stream may stay silent before a comment line keeps it alive */
    public QueryService(
            AnswerQuestion answers,
            SearchMode defaultMode,
            Json json,
            RagMetrics metrics,
            RequestContexts contexts,
            RequestLimits limits,
            ErrorResponses errors,
            Duration heartbeat) {
        this.limits = limits;
        this.errors = errors;
        this.heartbeat = heartbeat;
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
        JsonNode body = json.readObject(request);
        Question question = QueryRequest.from(
                body,
                contexts.defaultNamespace(request),
                defaultMode,
                json.mapper(),
                limits.filterClauses(),
                contexts.of(request, Endpoint.QUERY));
        if (JsonFields.bool(body, "stream", false)) {
            stream(request, response, question, started);
            return;
        }
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

    /**
     * {@code "stream": true}: {@code text/event-stream} with the events {@code sources}, {@code delta}...,
     * {@code done}; or {@code error} when the request fails once the stream has started. Before that (a bad question,
     * a spent limit, a store that is down) it fails with an ordinary status.
     */
    private void stream(ServerRequest request, ServerResponse response, Question question, long started) {
        try (EventStream events = new EventStream(response, heartbeat)) {
            try {
                Answer answer = answers.stream(question, new AnswerStream() {
                    @Override
                    public void sources(List<SearchHit> hits) {
                        events.send("sources", bytes(sources.of(hits, false)));
                    }

                    @Override
                    public void text(String piece) {
                        events.send("delta", bytes(new Delta(piece)));
                    }
                });
                if (answer.degraded()) {
                    metrics.degradedAnswer();
                }
                events.send(
                        "done",
                        bytes(new Done(
                                answer.cached(),
                                answer.degraded(),
                                answer.model(),
                                new Usage(
                                        answer.usage().promptTokens(),
                                        answer.usage().completionTokens()),
                                (System.nanoTime() - started) / 1_000_000)));
            } catch (RuntimeException e) {
                if (!events.started()) {
                    throw e;
                }
                if (events.clientGone()) {
                    LOG.log(System.Logger.Level.INFO, "client closed the stream of its answer; work stopped");
                    return;
                }
                ErrorResponses.Problem problem = errors.describe(request, e);
                try {
                    events.send("error", bytes(problem.body()));
                } catch (EventStream.ClientGoneException gone) {
                    // Nobody left to tell.
                }
            }
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable", e);
        }
    }
}
