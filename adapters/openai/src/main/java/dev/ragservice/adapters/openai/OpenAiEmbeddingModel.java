package dev.ragservice.adapters.openai;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
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
 * <p>Texts go in batches bounded by count and by estimated tokens, one request each, in order. Vectors are
 * requested as JSON floats: base64 is smaller on the wire, but not every compatible server speaks it (the SDK
 * would decode it if a server sent it anyway). The API labels each vector with the {@code index} of its input
 * and does not promise to keep their order, so vectors are placed by that index. Safe for concurrent use.
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** OpenAI's window for every embedding model (text-embedding-3-*, ada-002). */
    public static final int MAX_INPUT_TOKENS = 8191;

    private static final String OPERATION = "POST /embeddings";
    private static final System.Logger LOG = System.getLogger(OpenAiEmbeddingModel.class.getName());

    private final OpenAIClient client;
    private final OpenAiEmbeddingSettings settings;
    private final OpenAiExceptionTranslator errors;
    private final LongAdder promptTokens = new LongAdder();

    OpenAiEmbeddingModel(OpenAIClient client, OpenAiEmbeddingSettings settings, OpenAiExceptionTranslator errors) {
        this.client = Objects.requireNonNull(client, "client");
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
            vectors.addAll(embedBatch(texts.subList(from, to)));
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

    private List<float[]> embedBatch(List<String> batch) {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder()
                .model(settings.model())
                .inputOfArrayOfStrings(batch)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT);
        if (settings.sendDimensions()) {
            params.dimensions(settings.dimension());
        }
        try {
            CreateEmbeddingResponse response = client.embeddings().create(params.build());
            float[][] vectors = inInputOrder(batch.size(), response.data());
            response._usage().asKnown().ifPresent(usage -> {
                promptTokens.add(usage.promptTokens());
                LOG.log(System.Logger.Level.DEBUG, () -> "embedded " + batch.size() + " texts with "
                        + settings.model() + ": " + usage.promptTokens() + " tokens");
            });
            return List.of(vectors);
        } catch (OpenAIException e) {
            throw errors.translate(OPERATION, e);
        }
    }

    private float[][] inInputOrder(int inputs, List<Embedding> data) {
        if (data.size() != inputs) {
            throw errors.invalidAnswer(OPERATION, data.size() + " embeddings for " + inputs + " inputs");
        }
        float[][] vectors = new float[inputs][];
        for (Embedding embedding : data) {
            long index = embedding.index();
            if (index < 0 || index >= inputs || vectors[(int) index] != null) {
                throw errors.invalidAnswer(OPERATION, "an embedding with index " + index + " for " + inputs
                        + " inputs");
            }
            vectors[(int) index] = toArray(embedding.embedding());
        }
        return vectors;
    }

    private float[] toArray(List<Float> values) {
        if (values.size() != settings.dimension()) {
            // Usually EMBEDDING_DIMENSIONS does not match the model a compatible server runs.
            throw errors.misconfigured(OPERATION, values.size() + "-dimensional vectors, but " + modelId()
                    + " is configured for " + settings.dimension() + " (EMBEDDING_DIMENSIONS)");
        }
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i);
        }
        return vector;
    }

    @Override
    public void close() {
        client.close();
    }
}
