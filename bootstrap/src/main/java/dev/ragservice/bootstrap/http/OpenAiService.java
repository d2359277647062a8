package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.access.Scope;
import dev.ragservice.domain.answer.Answer;
import dev.ragservice.domain.answer.AnswerQuestion;
import dev.ragservice.domain.answer.AnswerStream;
import dev.ragservice.domain.answer.GenerationSettings;
import dev.ragservice.domain.answer.SearchMode;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.embedding.EmbeddingModel;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI's API over the service, for the clients that already speak it (the official libraries, LangChain, Open
 * WebUI, ...): {@code GET /v1/models} lists one model per namespace the key may use, {@code POST
 * /v1/chat/completions} answers the last user message from that namespace (the conversation before it makes a
 * follow-up self-contained and goes to the model), whole or streamed, and {@code POST /v1/embeddings} embeds with
 * the index's own model.
 *
 * <p>Answers keep their citations: {@code [n]} markers in the text, a top-level {@code citations} array (the
 * n-th entry is the source of {@code [n]}: its {@code url} or {@code source} metadata, else its document id, as
 * Perplexity's API gives them and OpenAI clients pass through), and the full sources in the extension field
 * {@code x_rag}. A stream carries the citations and sources in its first chunk and the usage in its last one,
 * then {@code [DONE]}.
 */
public final class OpenAiService implements HttpService {

    private static final String BASE = Endpoint.OPENAI.path();
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.UTF_8);

    private final AnswerQuestion answers;
    private final EmbeddingModel embedding;
    private final SearchMode defaultMode;
    private final GenerationSettings defaults;
    private final Json json;
    private final RagMetrics metrics;
    private final RequestContexts contexts;
    private final RequestLimits limits;
    private final ErrorResponses errors;
    private final Duration heartbeat;
    private final SourcesJson sources;
    private final long created = Instant.now().getEpochSecond();

    /**
     * @param defaults  the service's answer limits ({@code LLM_MAX_TOKENS}, {@code LLM_TEMPERATURE}): what a request
     *                  that sets none gets, and the most it may ask for
     * @param heartbeat how long a stream may stay silent before a comment line keeps it alive
     */
    public OpenAiService(
            AnswerQuestion answers,
            EmbeddingModel embedding,
            SearchMode defaultMode,
            GenerationSettings defaults,
            Json json,
            RagMetrics metrics,
            RequestContexts contexts,
            RequestLimits limits,
            ErrorResponses errors,
            Duration heartbeat) {
        this.answers = answers;
        this.embedding = embedding;
        this.defaultMode = defaultMode;
        this.defaults = defaults;
        this.json = json;
        this.metrics = metrics;
        this.contexts = contexts;
        this.limits = limits;
        this.errors = errors;
        this.heartbeat = heartbeat;
        this.sources = new SourcesJson(json.mapper());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(BASE + "/models", this::models)
                .any(BASE + "/models", MethodNotAllowed.allow("GET"))
                .get(BASE + "/models/{id}", this::oneModel)
                .any(BASE + "/models/{id}", MethodNotAllowed.allow("GET"))
                .post(BASE + "/chat/completions", this::completions)
                .any(BASE + "/chat/completions", MethodNotAllowed.allow("POST"))
                .post(BASE + "/embeddings", this::embeddings)
                .any(BASE + "/embeddings", MethodNotAllowed.allow("POST"));
    }

    private void models(ServerRequest request, ServerResponse response) {
        ObjectNode list = json.mapper().createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String id : OpenAiModels.ids(contexts.caller(request).namespaces(), contexts.serviceDefaultNamespace())) {
            data.add(model(id));
        }
        json.send(response, 200, list);
    }

    /** One model, when its namespace is one the key may use; 404 for a name that is not a model, 403 for another's. */
    private void oneModel(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        String namespace = OpenAiModels.namespaceOf(id, contexts.serviceDefaultNamespace());
        contexts.caller(request).authorize(Scope.QUERY, namespace);
        json.send(response, 200, model(OpenAiModels.idOf(namespace, contexts.serviceDefaultNamespace())));
    }

    private ObjectNode model(String id) {
        return json.mapper()
                .createObjectNode()
                .put("id", id)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", "rag-service");
    }

    private void completions(ServerRequest request, ServerResponse response) {
        long started = System.nanoTime();
        ChatCompletionsRequest completion = ChatCompletionsRequest.from(
                json.readObject(request),
                contexts.serviceDefaultNamespace(),
                defaultMode,
                defaults,
                contexts.of(request, Endpoint.OPENAI));
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        if (completion.stream()) {
            stream(request, response, completion, id, started);
            return;
        }
        Answer answer = answers.answer(completion.question());
        if (answer.degraded()) {
            metrics.degradedAnswer();
        }
        StopSequences stop = new StopSequences(completion.stop());
        String text = stop.accept(answer.text()) + stop.finish();
        ObjectNode body = envelope(id, "chat.completion", completion.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", text)
                .putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", finishReason(answer, completion, stop));
        usage(body, answer.usage());
        citations(body, answer.sources());
        extension(body, true, answer, started);
        json.send(response, 200, body);
    }

    /** Chunks as OpenAI streams them: role and citations first, a chunk per piece, the finish, the usage, DONE. */
    private void stream(
            ServerRequest request,
            ServerResponse response,
            ChatCompletionsRequest completion,
            String id,
            long started) {
        StopSequences stop = new StopSequences(completion.stop());
        try (EventStream events = new EventStream(response, heartbeat)) {
            try {
                Answer answer = answers.stream(completion.question(), new AnswerStream() {
                    @Override
                    public void sources(List<SearchHit> hits) {
                        ObjectNode first = chunk(id, completion.model());
                        first.putArray("choices")
                                .addObject()
                                .put("index", 0)
                                .putNull("logprobs")
                                .putNull("finish_reason")
                                .putObject("delta")
                                .put("role", "assistant")
                                .put("content", "");
                        citations(first, hits);
                        first.putObject("x_rag").putRawValue("sources", sources.of(hits, false));
                        events.sendData(bytes(first));
                    }

                    @Override
                    public void text(String piece) {
                        String out = stop.accept(piece);
                        if (!out.isEmpty()) {
                            events.sendData(bytes(delta(id, completion.model(), out)));
                        }
                    }
                });
                String rest = stop.finish();
                if (!rest.isEmpty()) {
                    events.sendData(bytes(delta(id, completion.model(), rest)));
                }
                if (answer.degraded()) {
                    metrics.degradedAnswer();
                }
                ObjectNode finish = chunk(id, completion.model());
                finish.putArray("choices")
                        .addObject()
                        .put("index", 0)
                        .putNull("logprobs")
                        .put("finish_reason", finishReason(answer, completion, stop))
                        .putObject("delta");
                events.sendData(bytes(finish));
                ObjectNode last = chunk(id, completion.model());
                last.putArray("choices");
                usage(last, answer.usage());
                extension(last, false, answer, started);
                events.sendData(bytes(last));
                events.sendData(DONE);
            } catch (RuntimeException e) {
                if (!events.started()) {
                    throw e;
                }
                if (events.clientGone()) {
                    return;
                }
                ErrorResponses.Problem problem = errors.describe(request, e);
                try {
                    events.sendData(bytes(problem.openAiBody()));
                } catch (EventStream.ClientGoneException gone) {
                    // Nobody left to tell.
                }
            }
        }
    }

    private void embeddings(ServerRequest request, ServerResponse response) {
        JsonNode body = json.readObject(request);
        String model = JsonFields.requiredText(body, "model");
        List<String> inputs = inputs(body);
        String format = JsonFields.optionalText(body, "encoding_format").orElse("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw ApiException.badRequest("invalid_encoding_format", "'encoding_format' must be 'float' or 'base64'");
        }
        int dimensions = JsonFields.integer(body, "dimensions", embedding.dimension());
        if (dimensions != embedding.dimension()) {
            throw ApiException.badRequest(
                    "unsupported_dimensions",
                    "the embedding model '" + embedding.modelId() + "' writes " + embedding.dimension()
                            + " dimensions; 'dimensions' cannot change that");
        }
        RequestContext context = contexts.of(request, Endpoint.OPENAI);
        List<float[]> vectors = embedding.embedAll(inputs, context.deadline());
        long tokens = 0;
        for (String input : inputs) {
            tokens += embedding.countTokens(input);
        }
        ObjectNode answer = json.mapper().createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (format.equals("base64")) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vectors.get(i)) {
                    values.add(value);
                }
            }
        }
        answer.put("model", embedding.modelId().equals(model) ? model : embedding.modelId());
        answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        json.send(response, 200, answer);
    }

    /** {@code input}: a string or an array of strings, within the limits of an ingest request. */
    private List<String> inputs(JsonNode body) {
        JsonNode input = JsonFields.optional(body, "input")
                .orElseThrow(() -> ApiException.badRequest("missing_field", "'input' is required"));
        List<String> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(input.textValue());
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw ApiException.badRequest(
                            "invalid_input",
                            "'input' must be a string or an array of strings (token arrays are not supported)");
                }
                inputs.add(item.textValue());
            }
        } else {
            throw ApiException.badRequest("invalid_input", "'input' must be a string or an array of strings");
        }
        if (inputs.isEmpty() || inputs.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("invalid_input", "'input' must hold at least one non-empty string");
        }
        if (inputs.size() > limits.textsPerRequest()) {
            throw new LimitExceededException(
                    RequestLimits.TEXTS_PER_REQUEST, limits.textsPerRequest(), inputs.size() + " inputs");
        }
        for (String text : inputs) {
            if (text.length() > limits.charsPerText()) {
                throw new LimitExceededException(
                        RequestLimits.CHARS_PER_TEXT,
                        limits.charsPerText(),
                        "an input has " + text.length() + " characters");
            }
        }
        return inputs;
    }

    /** OpenAI's base64 embeddings: the little-endian float32 values. */
    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * {@code stop} when a stop sequence ended it or it ended by itself; {@code length} when a model's answer used
     * every token it was allowed.
     */
    private String finishReason(Answer answer, ChatCompletionsRequest completion, StopSequences stop) {
        int maxTokens = completion.question().generation().orElse(defaults).maxTokens();
        boolean cut = !stop.stopped() && answer.usage().completionTokens() >= maxTokens;
        return cut ? "length" : "stop";
    }

    private ObjectNode envelope(String id, String object, String model) {
        return json.mapper()
                .createObjectNode()
                .put("id", id)
                .put("object", object)
                .put("created", Instant.now().getEpochSecond())
                .put("model", model);
    }

    private ObjectNode chunk(String id, String model) {
        ObjectNode chunk = envelope(id, "chat.completion.chunk", model);
        chunk.putNull("usage");
        return chunk;
    }

    private ObjectNode delta(String id, String model, String text) {
        ObjectNode chunk = chunk(id, model);
        chunk.putArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("logprobs")
                .putNull("finish_reason")
                .putObject("delta")
                .put("content", text);
        return chunk;
    }

    private static void usage(ObjectNode body, TokenUsage usage) {
        body.putObject("usage")
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
    }

    /** The n-th entry is what {@code [n]} cites: the source's {@code url} or {@code source}, else its document. */
    private static void citations(ObjectNode body, List<SearchHit> hits) {
        ArrayNode citations = body.putArray("citations");
        for (SearchHit hit : hits) {
            citations.add(citation(hit));
        }
    }

    private static String citation(SearchHit hit) {
        for (String field : List.of("url", "source")) {
            MetadataValue value = hit.metadata().get(field);
            if (value instanceof MetadataValue.Text text && !text.value().isBlank()) {
                return text.value();
            }
        }
        return hit.documentId();
    }

    /** {@code x_rag}: the full sources (a stream sent them first), and what {@code /query} says besides them. */
    private void extension(ObjectNode body, boolean withSources, Answer answer, long started) {
        ObjectNode rag = body.putObject("x_rag");
        if (withSources) {
            rag.putRawValue("sources", sources.of(answer.sources(), answer.cached()));
        }
        rag.put("cached", answer.cached())
                .put("degraded", answer.degraded())
                .put("model", answer.model())
                .put("latency_ms", (System.nanoTime() - started) / 1_000_000);
    }

    private byte[] bytes(Object value) {
        try {
            return json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chunk not serialisable", e);
        }
    }
}
