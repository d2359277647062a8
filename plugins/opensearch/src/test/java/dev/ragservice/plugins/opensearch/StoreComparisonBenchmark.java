package dev.ragservice.plugins.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModel;
import dev.ragservice.adapters.local.lucene.LuceneVectorStore;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSearch (the plugin, two nodes, one shard with a replica) against the embedded Lucene store, on the same
 * texts, in the same run: ingest throughput and query latency at the store port, one client, with the same MiniLM
 * vectors computed once beforehand so that only the stores are measured. Not part of the test suite (its name is
 * no *IT): run it with
 * {@code mvn -B verify -pl plugins/opensearch -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=StoreComparisonBenchmark -Dfailsafe.failIfNoSpecifiedTests=false}; it writes
 * {@code target/benchmarks/opensearch-vs-lucene.md}. It asserts only that both stores find the same neighbours.
 *
 * <p>Texts: the first {@code -Dbench.documents} (default 2000) abstracts of Vaswani/NPL and its 93 queries, from
 * {@code ../shared/eval} ({@code -Deval.dir}).
 */
class StoreComparisonBenchmark {

    @RegisterExtension
    static final OpenSearchCluster CLUSTER = new OpenSearchCluster();

    static final int BATCH = 100;
    static final int K = 10;
    static final int PASSES = 3;
    static final String NS = "bench";

    @TempDir
    Path luceneDir;

    @Test
    void openSearchAgainstEmbeddedLucene() throws IOException {
        String loadBefore = loadAverage();
        Path eval = Path.of(System.getProperty("eval.dir", "../../../shared/eval"));
        List<String> texts =
                matches(eval.resolve("vaswani_npl/corpus/doc-text.trec"), "<DOC>\\s*<DOCNO>\\d+</DOCNO>(.*?)</DOC>")
                        .stream()
                        .limit(Integer.getInteger("bench.documents", 2000))
                        .toList();
        List<String> questions = matches(eval.resolve("vaswani_npl/query-text.trec"), "<title>(.*?)</title>");

        List<Chunk> chunks = new ArrayList<>();
        List<float[]> questionVectors;
        IndexSpec spec;
        try (MiniLmEmbeddingModel model =
                new MiniLmEmbeddingModel(32, Runtime.getRuntime().availableProcessors())) {
            spec = new IndexSpec(model.modelId(), model.dimension());
            List<float[]> vectors = model.embedAll(texts, Deadline.after(Duration.ofHours(1)));
            for (int i = 0; i < texts.size(); i++) {
                chunks.add(new Chunk("doc" + i + "#0", "doc" + i, 0, texts.get(i), vectors.get(i), Map.of()));
            }
            questionVectors = model.embedAll(questions, Deadline.after(Duration.ofHours(1)));
        }

        List<Result> results = new ArrayList<>();
        Map<String, List<List<String>>> topIds = new LinkedHashMap<>();
        try (VectorStore lucene = new LuceneVectorStore(luceneDir, spec, 0.9f, 0.4f);
                VectorStore openSearch = new OpenSearchVectorStoreProvider()
                        .create(
                                spec,
                                PluginConfig.of(Map.of(
                                        "OPENSEARCH_URL",
                                        CLUSTER.urls(),
                                        "OPENSEARCH_INDEX",
                                        "bench",
                                        "OPENSEARCH_TIMEOUT_MS",
                                        "60000")))) {
            for (Map.Entry<String, VectorStore> store : Map.of(
                            "Lucene (embedded)", lucene, "OpenSearch (2 nodes, 1 shard + 1 replica)", openSearch)
                    .entrySet()) {
                results.add(measure(store.getKey(), store.getValue(), chunks, questions, questionVectors, topIds));
            }
        }
        String loadAfter = loadAverage();

        List<List<String>> luceneTop = topIds.get("Lucene (embedded)");
        List<List<String>> openSearchTop = topIds.get("OpenSearch (2 nodes, 1 shard + 1 replica)");
        double overlap = 0;
        for (int q = 0; q < luceneTop.size(); q++) {
            Set<String> shared = new HashSet<>(luceneTop.get(q));
            shared.retainAll(openSearchTop.get(q));
            overlap += (double) shared.size() / K;
        }
        overlap /= luceneTop.size();
        write(results, texts.size(), questions.size(), overlap, loadBefore, loadAfter);
        // Both are HNSW over the same vectors with at least 100 candidates: they must mostly agree.
        assertThat(overlap).isGreaterThan(0.9);
    }

    private static Result measure(
            String name,
            VectorStore store,
            List<Chunk> chunks,
            List<String> questions,
            List<float[]> vectors,
            Map<String, List<List<String>>> topIds) {
        long start = System.nanoTime();
        for (int from = 0; from < chunks.size(); from += BATCH) {
            store.upsert(NS, chunks.subList(from, Math.min(chunks.size(), from + BATCH)), deadline());
        }
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(store.stats(NS, deadline()).chunks()).isEqualTo(chunks.size());

        List<List<String>> top = new ArrayList<>();
        for (float[] vector : vectors) {
            top.add(store.search(new VectorQuery(NS, vector, K, Filter.ALL), deadline()).stream()
                    .map(SearchHit::chunkId)
                    .toList());
        }
        topIds.put(name, top);
        double[] vector = latencies(
                vectors.size(), i -> store.search(new VectorQuery(NS, vectors.get(i), K, Filter.ALL), deadline()));
        double[] keyword = latencies(
                questions.size(),
                i -> store.keywordSearch(new KeywordQuery(NS, questions.get(i), K, Filter.ALL), deadline()));
        return new Result(name, chunks.size() / ingestSeconds, vector, keyword);
    }

    /** Every query once to warm up, then {@link #PASSES} timed passes; milliseconds, sorted. */
    private static double[] latencies(int queries, Function<Integer, List<SearchHit>> query) {
        for (int i = 0; i < queries; i++) {
            query.apply(i);
        }
        double[] millis = new double[queries * PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < queries; i++) {
                long start = System.nanoTime();
                query.apply(i);
                millis[pass * queries + i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private record Result(String store, double chunksPerSecond, double[] vectorMillis, double[] keywordMillis) {}

    private static void write(
            List<Result> results, int documents, int questions, double overlap, String before, String after)
            throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Measured ")
                .append(LocalDate.now())
                .append(", ")
                .append(documents)
                .append(" Vaswani/NPL abstracts")
                .append(" (one chunk each, MiniLM vectors computed beforehand), ")
                .append(questions)
                .append(" queries, k = ")
                .append(K)
                .append(", one client, ")
                .append(PASSES)
                .append(" timed passes after a warm-up; load average ")
                .append(before)
                .append(" before, ")
                .append(after)
                .append(" after.\n\n")
                .append("| store | ingest chunks/s (batches of ")
                .append(BATCH)
                .append(") | vector p50 / p95 / p99 ms")
                .append(" | keyword (BM25) p50 / p95 / p99 ms |\n| --- | --- | --- | --- |\n");
        for (Result result : results) {
            table.append("| ")
                    .append(result.store())
                    .append(" | ")
                    .append(Math.round(result.chunksPerSecond()))
                    .append(" | ")
                    .append(percentiles(result.vectorMillis()))
                    .append(" | ")
                    .append(percentiles(result.keywordMillis()))
                    .append(" |\n");
        }
        table.append("\nTop-")
                .append(K)
                .append(" vector results shared by the two stores: ")
                .append(String.format("%.3f", overlap))
                .append(" on average.\n");
        Path out = Path.of("target/benchmarks/opensearch-vs-lucene.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    private static String percentiles(double[] sorted) {
        return String.format("%.1f / %.1f / %.1f", at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    private static double at(double[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static List<String> matches(Path file, String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(Files.readString(file));
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            String text = matcher.group(1).replaceAll("\\s+", " ").trim();
            if (!text.isEmpty()) {
                found.add(text);
            }
        }
        return found;
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(1));
    }

    private static String loadAverage() throws IOException {
        return String.join(
                " ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    }
}
