package dev.ragservice.benchmarks.vectors;

import dev.ragservice.adapters.local.lucene.LuceneVectorStore;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.IndexSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A set of unit vectors, the queries to search them with, and a Lucene index of the vectors built through the
 * service's {@link LuceneVectorStore}, all in one folder that later runs reuse (building 100k vectors into HNSW
 * takes minutes here). Vector {@code i} is stored as chunk {@code v<i>}.
 */
record VectorDataset(Path directory, String modelId) {

    static final String NAMESPACE = "bench";
    /** Chunks per upsert: each upsert commits, as every {@code POST /documents} does. */
    static final int UPSERT_BATCH = 10_000;
    /** Lucene's BM25 defaults of the service; keyword search is not measured here. */
    private static final float K1 = 0.9f;

    private static final float B = 0.4f;

    /** A dataset built before, by this or an earlier run. */
    static VectorDataset open(Path directory) {
        try {
            return new VectorDataset(
                    directory, Files.readString(directory.resolve("model")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no dataset in " + directory, e);
        }
    }

    String name() {
        return directory.getFileName().toString();
    }

    boolean isBuilt() {
        return Files.exists(directory.resolve("complete"));
    }

    /** Writes the vectors and queries and indexes the vectors; answers how long indexing took in seconds. */
    double build(float[][] vectors, float[][] queries) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("model"), modelId);
            VectorFile.write(directory.resolve("vectors.f32"), vectors);
            VectorFile.write(directory.resolve("queries.f32"), queries);
            long started = System.nanoTime();
            try (LuceneVectorStore store = openStore(vectors[0].length)) {
                for (int from = 0; from < vectors.length; from += UPSERT_BATCH) {
                    List<Chunk> chunks = new ArrayList<>();
                    for (int i = from; i < Math.min(vectors.length, from + UPSERT_BATCH); i++) {
                        chunks.add(new Chunk(id(i), id(i), 0, "", vectors[i], Map.of()));
                    }
                    store.upsert(NAMESPACE, chunks, Deadline.after(Duration.ofHours(1)));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Files.writeString(directory.resolve("complete"), Double.toString(seconds));
            return seconds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds the index took to build, as recorded by {@link #build}. */
    double buildSeconds() {
        try {
            return Double.parseDouble(
                    Files.readString(directory.resolve("complete")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    float[][] vectors() {
        return VectorFile.read(directory.resolve("vectors.f32"));
    }

    float[][] queries() {
        return VectorFile.read(directory.resolve("queries.f32"));
    }

    LuceneVectorStore openStore(int dimension) {
        return new LuceneVectorStore(directory.resolve("lucene"), new IndexSpec(modelId, dimension), K1, B);
    }

    static String id(int index) {
        return "v" + index;
    }

    static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }
}
