package dev.ragservice.benchmarks.vectors;

import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModel;
import dev.ragservice.adapters.local.lucene.LuceneVectorStore;
import dev.ragservice.benchmarks.EvalCollections;
import dev.ragservice.benchmarks.Machine;
import dev.ragservice.benchmarks.MarkdownTable;
import dev.ragservice.benchmarks.Report;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Recall@10 and queries per second of the Lucene vector store at 10k and 100k random vectors and at up to 10k real
 * ones (MiniLM embeddings of the Vaswani and CACM documents, searched with those collections' queries), against
 * an exact scan as the baseline of both. Datasets and their indexes are kept in {@code benchmarks/target/
 * vector-data} and reused by later runs; delete the folder to rebuild them.
 */
public final class VectorSearch {

    static final int DIMENSION = MiniLmEmbeddingModel.DIMENSION;
    static final int RANDOM_QUERIES = 1000;
    private final EvalCollections collections;
    private final Path root;
    private final List<Integer> randomCounts;
    private final int realCount;

    /**
     * @param randomCounts sizes of the random datasets
     * @param realCount    Vaswani abstracts to embed for the real dataset: as many as MiniLM embeds in a few
     *                     minutes (10,000 take about a minute on two idle cores, far longer on a busy machine)
     */
    public VectorSearch(EvalCollections collections, Path root, List<Integer> randomCounts, int realCount) {
        this.collections = collections;
        this.root = root;
        this.randomCounts = List.copyOf(randomCounts);
        this.realCount = realCount;
    }

    public Report run(String command) throws RunnerException {
        MarkdownTable table = new MarkdownTable(
                "vectors",
                "count",
                "queries",
                "HNSW k=10 recall@10",
                "HNSW k=10 queries/s",
                "HNSW k=100, top 10: recall@10",
                "HNSW k=100 queries/s",
                "exact scan queries/s",
                "HNSW k=10 speed-up",
                "index build s");
        List<String> names = new ArrayList<>();
        randomCounts.forEach(count -> names.add("random-" + count));
        names.add("real-" + realCount);
        for (String name : names) {
            VectorDataset dataset = prepare(name);
            float[][] vectors = dataset.vectors();
            float[][] queries = dataset.queries();
            double recall = recallAt10(dataset, vectors, queries, VectorSearchBenchmark.K);
            double wideRecall = recallAt10(dataset, vectors, queries, VectorSearchBenchmark.WIDE_K);
            Collection<RunResult> results = new Runner(new OptionsBuilder()
                            .include(VectorSearchBenchmark.class.getName()
                                    + "\\.(luceneHnsw|luceneHnswTop100|exactScan)$")
                            .param(
                                    "dataset",
                                    dataset.directory().toAbsolutePath().toString())
                            .forks(1)
                            .threads(1)
                            .warmupIterations(2)
                            .warmupTime(TimeValue.seconds(2))
                            .measurementIterations(3)
                            .measurementTime(TimeValue.seconds(3))
                            .jvmArgsAppend("-Dai.djl.offline=true")
                            .shouldFailOnError(true)
                            .build())
                    .run();
            double hnsw = score(results, "luceneHnsw");
            double wide = score(results, "luceneHnswTop100");
            double exact = score(results, "exactScan");
            table.row(
                    name.startsWith("real") ? "real (MiniLM)" : "random",
                    String.format(Locale.ROOT, "%,d", vectors.length),
                    queries.length,
                    String.format(Locale.ROOT, "%.3f", recall),
                    String.format(Locale.ROOT, "%.0f", hnsw),
                    String.format(Locale.ROOT, "%.3f", wideRecall),
                    String.format(Locale.ROOT, "%.0f", wide),
                    String.format(Locale.ROOT, "%.1f", exact),
                    String.format(Locale.ROOT, "%.0fx", hnsw / exact),
                    String.format(Locale.ROOT, "%.0f", dataset.buildSeconds()));
        }
        String notes = "HNSW: the service's `LuceneVectorStore.search` (Lucene 10.6 HNSW, default M = 16 and beam"
                + " width 100, k = 10, the namespace as a pre-filter, as `POST /query` searches), one client thread;"
                + " \"k=100, top 10\" asks the same store for 100 chunks and keeps the best 10."
                + " Exact scan: the dot product of the query with every unit vector (Lucene's `VectorUtil`, the"
                + " same kernel), best 10 kept; recall@10 is the share of the exact top 10 that HNSW returns,"
                + " averaged over the queries. Random: Gaussian vectors of " + DIMENSION + " dimensions scaled to"
                + " length 1, queries drawn the same way (the hardest case for a graph index: no clusters). Real:"
                + " all-MiniLM-L6-v2 embeddings of the first " + realCount + " Vaswani documents (of 11,429;"
                + " 100k real texts would take far more than a few minutes to embed here), queried with the 93"
                + " Vaswani and 64 CACM queries. Indexes built through `upsert` in batches of "
                + VectorDataset.UPSERT_BATCH + " chunks, each committed; JMH throughput, two warm-up and three"
                + " measured iterations of 3 s.";
        return new Report("vector-search", command, Machine.current(), table, notes);
    }

    private VectorDataset prepare(String name) {
        boolean real = name.startsWith("real");
        VectorDataset dataset = new VectorDataset(root.resolve(name), real ? MiniLmEmbeddingModel.MODEL_ID : "random");
        if (dataset.isBuilt()) {
            System.out.println(name + ": reusing " + dataset.directory());
            return dataset;
        }
        float[][] vectors;
        float[][] queries;
        if (real) {
            long started = System.nanoTime();
            try (MiniLmEmbeddingModel model =
                    new MiniLmEmbeddingModel(16, Runtime.getRuntime().availableProcessors())) {
                List<String> texts = collections.documentTexts();
                vectors = unit(model.embedAll(
                                texts.subList(0, Math.min(realCount, texts.size())),
                                Deadline.after(Duration.ofHours(1)))
                        .toArray(float[][]::new));
                queries = unit(model.embedAll(collections.queryTexts(), Deadline.after(Duration.ofHours(1)))
                        .toArray(float[][]::new));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: embedded %d texts in %.0f s%n",
                    name,
                    vectors.length,
                    (System.nanoTime() - started) / 1e9);
        } else {
            int count = Integer.parseInt(name.substring("random-".length()));
            Random random = new Random(count);
            vectors = gaussian(random, count);
            queries = gaussian(random, RANDOM_QUERIES);
        }
        double seconds = dataset.build(vectors, queries);
        System.out.printf(Locale.ROOT, "%s: indexed %d vectors in %.0f s%n", name, vectors.length, seconds);
        return dataset;
    }

    /**
     * The share of the exact top 10 among the store's top 10, averaged over the queries, when the store is asked
     * for {@code k} chunks (the best 10 of them kept).
     */
    private static double recallAt10(VectorDataset dataset, float[][] vectors, float[][] queries, int k) {
        ExactScan exact = new ExactScan(vectors);
        double found = 0;
        try (LuceneVectorStore store = dataset.openStore(vectors[0].length)) {
            for (float[] query : queries) {
                Set<Integer> truth = new HashSet<>();
                for (int index : exact.nearest(query, VectorSearchBenchmark.K)) {
                    truth.add(index);
                }
                List<SearchHit> hits = store.search(
                                new VectorQuery(VectorDataset.NAMESPACE, query, k, Filter.ALL),
                                Deadline.after(Duration.ofHours(1)))
                        .subList(0, VectorSearchBenchmark.K);
                found += hits.stream()
                                .filter(hit -> truth.contains(VectorDataset.index(hit.chunkId())))
                                .count()
                        / (double) truth.size();
            }
        }
        return found / queries.length;
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + method))
                .getPrimaryResult()
                .getScore();
    }

    private static float[][] gaussian(Random random, int count) {
        float[][] vectors = new float[count][DIMENSION];
        for (float[] vector : vectors) {
            for (int i = 0; i < DIMENSION; i++) {
                vector[i] = (float) random.nextGaussian();
            }
        }
        return unit(vectors);
    }

    private static float[][] unit(float[][] vectors) {
        for (float[] vector : vectors) {
            double norm = 0;
            for (float value : vector) {
                norm += value * value;
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < vector.length; i++) {
                vector[i] *= scale;
            }
        }
        return vectors;
    }
}
