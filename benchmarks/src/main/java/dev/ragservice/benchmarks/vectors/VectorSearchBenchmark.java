package dev.ragservice.benchmarks.vectors;

import dev.ragservice.adapters.local.lucene.LuceneVectorStore;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Queries per second, one client: the service's Lucene store ({@code VectorStore.search}, k = 10, HNSW; and k = 100
 * with the best 10 kept) against an exact scan of the same vectors, cycling through the dataset's queries. {@link VectorSearch} prepares the
 * dataset folder and passes it as {@code dataset}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VectorSearchBenchmark {

    static final int K = 10;
    /** A wider search, best {@link #K} kept: what asking the graph for more candidates buys and costs. */
    static final int WIDE_K = 100;

    @Param("")
    public String dataset;

    private float[][] queries;
    private LuceneVectorStore store;
    private ExactScan exact;
    private int next;

    @Setup
    public void open() {
        VectorDataset data = VectorDataset.open(Path.of(dataset));
        queries = data.queries();
        float[][] vectors = data.vectors();
        exact = new ExactScan(vectors);
        store = data.openStore(vectors[0].length);
    }

    @Benchmark
    public List<SearchHit> luceneHnsw() {
        return store.search(
                new VectorQuery(VectorDataset.NAMESPACE, nextQuery(), K, Filter.ALL),
                Deadline.after(Duration.ofHours(1)));
    }

    @Benchmark
    public List<SearchHit> luceneHnswTop100() {
        return store.search(
                        new VectorQuery(VectorDataset.NAMESPACE, nextQuery(), WIDE_K, Filter.ALL),
                        Deadline.after(Duration.ofHours(1)))
                .subList(0, K);
    }

    @Benchmark
    public int[] exactScan() {
        return exact.nearest(nextQuery(), K);
    }

    @TearDown
    public void close() {
        store.close();
    }

    private float[] nextQuery() {
        float[] query = queries[next];
        next = (next + 1) % queries.length;
        return query;
    }
}
