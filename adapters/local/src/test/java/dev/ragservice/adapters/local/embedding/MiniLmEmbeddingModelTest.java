package dev.ragservice.adapters.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real ONNX model, with LangChain4j's own embedding of the same model as the reference. */
class MiniLmEmbeddingModelTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static MiniLmEmbeddingModel model;
    private static AllMiniLmL6V2EmbeddingModel reference;

    @BeforeAll
    static void load() {
        model = (MiniLmEmbeddingModel) new MiniLmEmbeddingModelProvider().create(PluginConfig.empty());
        reference = new AllMiniLmL6V2EmbeddingModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void describesTheModel() {
        assertThat(model.modelId()).isEqualTo("all-minilm-l6-v2");
        assertThat(model.dimension()).isEqualTo(384);
        assertThat(model.maxInputTokens()).isEqualTo(126);
    }

    @Test
    void vectorsEqualLangChain4jsInTheCallersOrder() {
        List<String> texts = mixedTexts();
        List<float[]> ours = model.embedAll(texts, DEADLINE);
        List<float[]> theirs = referenceVectors(texts);

        assertThat(ours).hasSize(texts.size());
        int identical = 0;
        double worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            assertThat(ours.get(i)).hasSize(384);
            double difference = maxAbsDifference(ours.get(i), theirs.get(i));
            worst = Math.max(worst, difference);
            assertThat(difference).as("text %d: %s", i, texts.get(i)).isLessThanOrEqualTo(1e-5);
            if (Arrays.equals(ours.get(i), theirs.get(i))) {
                identical++;
            }
        }
        System.out.printf(
                "[minilm] %d of %d vectors bit-identical to LangChain4j's, largest difference %.3g%n",
                identical, texts.size(), worst);
    }

    @Test
    void otherBatchSizesAndThreadCountsGiveTheSameVectors() {
        List<String> texts = mixedTexts();
        try (MiniLmEmbeddingModel small = new MiniLmEmbeddingModel(3, 1)) {
            List<float[]> batchedBy3 = small.embedAll(texts, DEADLINE);
            List<float[]> batchedBy16 = model.embedAll(texts, DEADLINE);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(maxAbsDifference(batchedBy3.get(i), batchedBy16.get(i)))
                        .isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void vectorsHaveUnitLength() {
        for (float[] vector : model.embedAll(mixedTexts(), DEADLINE)) {
            double squares = 0;
            for (float value : vector) {
                squares += value * value;
            }
            assertThat(Math.sqrt(squares)).isCloseTo(1.0, offset(1e-5));
        }
    }

    @Test
    void closeMeaningsScoreHigherThanUnrelatedOnes() {
        List<float[]> vectors = model.embedAll(
                List.of(
                        "The cat is sleeping on the sofa.",
                        "A kitten naps on the couch.",
                        "Quarterly revenue rose by five percent."),
                DEADLINE);

        assertThat(dot(vectors.get(0), vectors.get(1))).isGreaterThan(dot(vectors.get(0), vectors.get(2)) + 0.2);
    }

    @Test
    void countsContentTokensWithTheModelsTokenizer() throws Exception {
        try (InputStream json = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json");
                HuggingFaceTokenizer tokenizer =
                        HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"))) {
            for (String text : mixedTexts()) {
                assertThat(model.countTokens(text))
                        .as(text)
                        .isEqualTo(tokenizer.encode(text, false, false).getIds().length);
            }
        }
        assertThat(model.countTokens("hello world")).isEqualTo(2);
        assertThat(model.countTokens("Unbelievable")).isEqualTo(1);
        assertThat(model.countTokens("")).isZero();
        // Not capped at the model's window: the chunker must learn that a text is too long.
        assertThat(model.countTokens("word ".repeat(300))).isEqualTo(300);
    }

    @Test
    void textsBeyondTheWindowAreCutAtIt() {
        String window = "alpha ".repeat(126);
        List<float[]> vectors = model.embedAll(List.of(window, window + "omega ".repeat(50)), DEADLINE);

        assertThat(vectors.get(1)).containsExactly(vectors.get(0));
    }

    @Test
    void anEmptyTextStillGetsAVector() {
        // LangChain4j refuses blank text; [CLS] [SEP] alone is still a valid input, and a store needs a vector.
        float[] vector = model.embed("", DEADLINE);

        assertThat(vector).hasSize(384);
        assertThat(dot(vector, vector)).isCloseTo(1.0, offset(1e-5));
    }

    @Test
    void noTextsNoVectors() {
        assertThat(model.embedAll(List.of(), DEADLINE)).isEmpty();
    }

    @Test
    void concurrentCallersGetTheSameVectors() throws Exception {
        List<String> texts = mixedTexts();
        List<float[]> expected = model.embedAll(texts, DEADLINE);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<float[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> model.embedAll(texts, DEADLINE));
            }
            for (Future<List<float[]>> result : threads.invokeAll(calls)) {
                List<float[]> vectors = result.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(vectors.get(i)).containsExactly(expected.get(i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A question asked while a large ingest embeds is embedded between the ingest's batches, not after them all:
     * it finishes first although it came second (no timing asserted, only the order).
     */
    @Test
    void aSmallRequestOvertakesALargeOneBatchByBatch() throws Exception {
        List<String> ingest = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
            ingest.add("Passage " + i + " about lighthouses, lenses and the ships that steer by them at night.");
        }
        List<String> finished = new CopyOnWriteArrayList<>();
        CountDownLatch ingestStarted = new CountDownLatch(1);
        Thread large = Thread.ofVirtual().start(() -> {
            ingestStarted.countDown();
            model.embedAll(ingest, DEADLINE);
            finished.add("ingest");
        });
        ingestStarted.await();
        Thread.sleep(50);
        model.embed("Who invented the lighthouse lens?", DEADLINE);
        finished.add("question");
        large.join();
        assertThat(finished).containsExactly("question", "ingest");
    }

    @Test
    void aCallWhoseDeadlinePassedStopsBetweenBatches() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add("text " + i);
        }
        assertThatThrownBy(() -> model.embedAll(texts, Deadline.after(Duration.ZERO)))
                .isInstanceOf(DependencyException.class)
                .satisfies(e ->
                        assertThat(((DependencyException) e).kind()).isEqualTo(DependencyException.Kind.TIMED_OUT));
    }

    /** Timings are printed for the record, never asserted: on a shared machine they mean little. */
    @Test
    void manyShortTextsMatchLangChain4jAndReportTimings() {
        List<String> texts = new ArrayList<>();
        Random random = new Random(7);
        String[] words = ("the a retrieval vector index search query answer model document chunk cache token "
                        + "lucene embedding similarity score ranking question context language")
                .split(" ");
        for (int i = 0; i < 100; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0, n = 4 + random.nextInt(16); w < n; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            texts.add(text.toString().trim());
        }
        List<float[]> ours = model.embedAll(texts, DEADLINE);
        List<float[]> theirs = referenceVectors(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(maxAbsDifference(ours.get(i), theirs.get(i)))
                    .as(texts.get(i))
                    .isLessThanOrEqualTo(1e-5);
        }

        long batched = Long.MAX_VALUE;
        long oneByOne = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            model.embedAll(texts, DEADLINE);
            batched = Math.min(batched, System.nanoTime() - start);
            start = System.nanoTime();
            referenceVectors(texts);
            oneByOne = Math.min(oneByOne, System.nanoTime() - start);
        }
        System.out.printf(
                "[minilm] 100 short texts: batched %d ms, LangChain4j embedAll %d ms (best of 3)%n",
                batched / 1_000_000, oneByOne / 1_000_000);
    }

    private static List<float[]> referenceVectors(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return reference.embedAll(segments).content().stream()
                .map(Embedding::vector)
                .toList();
    }

    /** Short and long texts in no particular order, some beyond the 128-token window. */
    static List<String> mixedTexts() {
        List<String> texts = new ArrayList<>(List.of(
                "Hello, world!",
                "What is retrieval-augmented generation?",
                "Lucene stores vectors in an HNSW graph and searches it approximately.",
                "café naïve résumé — déjà vu",
                "The quick brown fox jumps over the lazy dog. ".repeat(4),
                "Kubernetes schedules pods onto nodes; the kubelet keeps them running.",
                "x",
                "Unbelievable!!! Don't stop believing; it's 2024, isn't it?",
                "The mitochondria is the powerhouse of the cell. ".repeat(20),
                "Caffeine evicts entries by weight once the bound is reached.",
                "東京は日本の首都です。",
                "emoji 🙂 and symbols ∑ ∫ √",
                "A long paragraph about embeddings: sentence encoders map text to vectors so that texts with "
                        + "similar meanings end up close together, which lets a search engine find passages that "
                        + "answer a question even when they share no words with it. Mean pooling averages the "
                        + "token states; normalisation makes the dot product a cosine.",
                "numbers 3.14159 and 2,718 and 1e-5",
                "Pinecone's data plane speaks gRPC.",
                "word ".repeat(200)));
        for (int i = 0; i < 24; i++) {
            texts.add("Sentence number " + i + " talks about topic " + (i % 5) + " at some length".repeat(i % 7));
        }
        Collections.shuffle(texts, new Random(42));
        return texts;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
