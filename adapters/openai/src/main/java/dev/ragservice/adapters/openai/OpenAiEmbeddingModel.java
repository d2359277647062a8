package dev.ragservice.adapters.openai;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Embeddings from {@code POST /embeddings} of OpenAI or any compatible server (vLLM, Ollama, llama.cpp).
 *
 * <p>Texts go in batches bounded by count and by estimated tokens, one request each, in order. The API labels each
 * vector with the {@code index} of its input and does not promise to keep their order, so vectors are placed by that
 * index. Safe for concurrent use.
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** OpenAI's window for every embedding model (text-embedding-3-*, ada-002). */
    public static final int MAX_INPUT_TOKENS = 8191;

    private static final String PATH = "/embeddings";
    private static final String OPERATION = "POST " + PATH;
    private static final System.Logger LOG = System.getLogger(OpenAiEmbeddingModel.class.getName());

    private final OpenAiApi api;
    private final OpenAiEmbeddingSettings settings;
    private final OpenAiExceptionTranslator errors;
    private final LongAdder promptTokens = new LongAdder();

    OpenAiEmbeddingModel(OpenAiApi api, OpenAiEmbeddingSettings settings, OpenAiExceptionTranslator errors) {
        this.api = Objects.requireNonNull(api, "api");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    @Override
    public String modelId() {
        return settings.modelId();
    }

    @Override
    public int dimension() {
        return settings.dimension();
    }

    @Override
    public int maxInputTokens() {
        return MAX_INPUT_TOKENS;
    }

    /** An estimate that errs high; see {@link TokenEstimate}. */
    @Override
    public int countTokens(String text) {
        return TokenEstimate.of(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts, Deadline deadline) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int from = 0;
        while (from < texts.size()) {
            int to = batchEnd(texts, from);
            vectors.addAll(embedBatch(texts.subList(from, to), deadline));
            from = to;
        }
        return List.copyOf(vectors);
    }

    /**
     * The tokens the provider reported for every request so far. The port has no place for embedding usage, so
     * it is kept here (and logged at DEBUG per request) for whoever wires metrics.
     */
    public TokenUsage tokensUsed() {
        return new TokenUsage(promptTokens.sum(), 0);
    }

    /** The end of the batch that starts at {@code from}: a text too large for the budget still goes, alone. */
    private int batchEnd(List<String> texts, int from) {
        int to = from;
        long tokens = 0;
        while (to < texts.size() && to - from < settings.batchSize()) {
            long next = tokens + TokenEstimate.of(Objects.requireNonNull(texts.get(to), "text"));
            if (to > from && next > settings.batchTokens()) {
                break;
            }
            tokens = next;
            to++;
        }
        return to;
    }

    private List<float[]> embedBatch(List<String> batch, Deadline deadline) {
        EmbeddingsAnswer answer = api.post(
                PATH,
                EmbeddingsRequest.of(settings, batch),
                deadline,
                body -> EmbeddingsAnswer.read(body, settings.dimension()));
        float[][] vectors = inInputOrder(batch.size(), answer.data());
        answer.promptTokens().ifPresent(tokens -> {
            promptTokens.add(tokens);
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "embedded " + batch.size() + " texts with " + settings.model() + ": " + tokens + " tokens");
        });
        return List.of(vectors);
    }

    private float[][] inInputOrder(int inputs, List<EmbeddingsAnswer.Embedding> data) {
        if (data.size() != inputs) {
            throw errors.invalidAnswer(OPERATION, data.size() + " embeddings for " + inputs + " inputs");
        }
        float[][] vectors = new float[inputs][];
        for (EmbeddingsAnswer.Embedding embedding : data) {
            long index = embedding.index();
            if (index < 0 || index >= inputs || vectors[(int) index] != null) {
                throw errors.invalidAnswer(
                        OPERATION, "an embedding with index " + index + " for " + inputs + " inputs");
            }
            vectors[(int) index] = checkedLength(embedding.vector());
        }
        return vectors;
    }

    private float[] checkedLength(float[] vector) {
        if (vector.length != settings.dimension()) {
            // Usually EMBEDDING_DIMENSIONS does not match the model a compatible server runs.
            throw errors.misconfigured(
                    OPERATION,
                    vector.length + "-dimensional vectors, but " + modelId() + " is configured for "
                            + settings.dimension() + " (EMBEDDING_DIMENSIONS)");
        }
        return vector;
    }

    @Override
    public void close() {
        api.close();
    }
}
