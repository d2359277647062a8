package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.KeywordQuery;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.StoreStats;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleUnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;

/**
 * A vector store in a Lucene index on local disk: HNSW vectors (cosine similarity), BM25 keyword search over
 * the same chunks, metadata filters and namespaces. One process owns the directory (Lucene's write lock).
 *
 * <p>Every write is committed before it returns (acknowledged chunks survive a crash) and then made visible to
 * searches. Concurrent writers share commits: Lucene serialises them and skips a commit that has nothing new.
 *
 * <p>Deadlines are not applied inside Lucene: a search takes milliseconds, and stopping a write halfway (an
 * interrupt) would close the index's file channels. The caller's guard stops waiting instead.
 */
public final class LuceneVectorStore implements VectorStore {

    /** Candidates the approximate (HNSW) search explores at least, whatever k. */
    static final int MIN_CANDIDATES = 100;

    private static final String DEPENDENCY = "lucene";
    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.of(Capability.KEYWORD_SEARCH, Capability.METADATA_FILTER, Capability.NAMESPACES));

    private final IndexSpec spec;
    private final Path path;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Opens the index in {@code path}, creating it when there is none.
     *
     * @throws dev.ragservice.ports.vector.IncompatibleIndexException when it was built for another model
     * @throws DependencyException when the index cannot be opened (locked by another process, unreadable)
     */
    public LuceneVectorStore(Path path, IndexSpec spec, float bm25K1, float bm25B) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.path = path;
        if (spec.dimension() > WideVectorsFormat.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("Lucene indexes at most " + WideVectorsFormat.MAX_DIMENSIONS
                    + " dimensions; the embedding model has " + spec.dimension());
        }
        Similarity similarity = new BM25Similarity(bm25K1, bm25B);
        Directory opened = null;
        IndexWriter openedWriter = null;
        try {
            Files.createDirectories(path);
            opened = FSDirectory.open(path);
            boolean exists = DirectoryReader.indexExists(opened);
            if (exists) {
                IndexSpecCommitData.requireCompatible(
                        SegmentInfos.readLatestCommit(opened).getUserData(), spec, path);
            }
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setSimilarity(similarity)
                    .setCodec(WideVectorsFormat.codec());
            openedWriter = new IndexWriter(opened, config);
            openedWriter.setLiveCommitData(IndexSpecCommitData.of(spec).entrySet());
            if (!exists) {
                // Records the model at once, so even an empty index refuses another model after a restart.
                openedWriter.commit();
            }
            this.searchers = new SearcherManager(openedWriter, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    searcher.setSimilarity(similarity);
                    return searcher;
                }
            });
        } catch (LockObtainFailedException e) {
            IOUtils.closeWhileHandlingException(openedWriter, opened);
            throw new DependencyException(
                    DEPENDENCY,
                    DependencyException.Kind.UNAVAILABLE,
                    "the index in " + path + " is in use by another process or store",
                    e);
        } catch (IOException e) {
            IOUtils.closeWhileHandlingException(openedWriter, opened);
            throw new DependencyException(
                    DEPENDENCY,
                    DependencyException.Kind.UNAVAILABLE,
                    "cannot open the index in " + path + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            IOUtils.closeWhileHandlingException(openedWriter, opened);
            throw e;
        }
        this.directory = opened;
        this.writer = openedWriter;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void upsert(String namespace, List<Chunk> chunks, Deadline deadline) {
        Objects.requireNonNull(namespace, "namespace");
        // Checked before anything is written, so a bad chunk does not leave its batch half applied.
        chunks.forEach(chunk -> requireDimension(chunk.vector()));
        Map<String, List<Chunk>> documents = Chunk.byDocument(chunks);
        if (documents.isEmpty()) {
            return;
        }
        write(() -> {
            for (Map.Entry<String, List<Chunk>> document : documents.entrySet()) {
                // Atomic per document: a search sees all of its old chunks or all of its new ones.
                writer.updateDocuments(
                        ChunkDocuments.documentTerm(namespace, document.getKey()),
                        ChunkDocuments.of(namespace, document.getValue()));
            }
        });
    }

    @Override
    public void deleteDocuments(String namespace, Collection<String> documentIds, Deadline deadline) {
        Objects.requireNonNull(namespace, "namespace");
        if (documentIds.isEmpty()) {
            return;
        }
        Term[] keys = documentIds.stream()
                .map(id -> ChunkDocuments.documentTerm(namespace, id))
                .toArray(Term[]::new);
        write(() -> writer.deleteDocuments(keys));
    }

    @Override
    public List<SearchHit> search(VectorQuery query, Deadline deadline) {
        requireDimension(query.vector());
        float[] vector = ChunkDocuments.unit(query.vector());
        // As a pre-filter, so k counts matching chunks only.
        Query filter = restrict(query.namespace(), FilterTranslator.toQuery(query.filter()));
        return read(searcher -> {
            // HNSW explores as many candidates as it is asked for: asking for at least MIN_CANDIDATES and keeping
            // the top k found 0.996 of the exact top 10 on real MiniLM vectors (0.892 asking for 10), and 0.81 on
            // random ones (0.38), at a quarter of the speed (docs/benchmarks.md, vector search). Its queues are
            // that size: more than the index holds would only waste memory.
            int maxDoc = Math.max(1, searcher.getIndexReader().maxDoc());
            int k = Math.min(query.k(), maxDoc);
            int candidates = Math.min(Math.max(query.k(), MIN_CANDIDATES), maxDoc);
            Query nearest = new KnnFloatVectorQuery(ChunkDocuments.VECTOR, vector, candidates, filter);
            return hits(searcher, searcher.search(nearest, k), score -> ChunkDocuments.cosine((float) score));
        });
    }

    @Override
    public List<SearchHit> keywordSearch(KeywordQuery query, Deadline deadline) {
        Query filter = restrict(query.namespace(), FilterTranslator.toQuery(query.filter()));
        return read(searcher -> {
            Optional<Query> words = KeywordQueries.of(analyzer, ChunkDocuments.TEXT, query.text());
            if (words.isEmpty()) {
                return List.of();
            }
            Query matching = new BooleanQuery.Builder()
                    .add(words.get(), Occur.MUST)
                    .add(filter, Occur.FILTER)
                    .build();
            return hits(searcher, searcher.search(matching, query.k()), DoubleUnaryOperator.identity());
        });
    }

    @Override
    public StoreStats stats(String namespace, Deadline deadline) {
        Query chunks = new TermQuery(ChunkDocuments.namespaceTerm(namespace));
        Query documents = restrict(namespace, new TermQuery(ChunkDocuments.headTerm()));
        return read(searcher -> new StoreStats(searcher.count(documents), searcher.count(chunks)));
    }

    @Override
    public boolean isAvailable() {
        return !closed.get() && writer.isOpen() && writer.getTragicException() == null;
    }

    /** Commits what is pending and releases the index; later calls fail with {@link DependencyException}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            searchers.close();
            if (writer.isOpen() && writer.getTragicException() == null) {
                writer.commit();
            }
        } catch (IOException e) {
            throw unavailable("closing the index failed", e);
        } finally {
            // After the commit that mattered, or after a failure already reported: nothing more to report.
            IOUtils.closeWhileHandlingException(writer, analyzer, directory);
        }
    }

    @Override
    public String toString() {
        return "LuceneVectorStore[" + path + ", " + spec + "]";
    }

    private static Query restrict(String namespace, Query filter) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(ChunkDocuments.namespaceTerm(namespace)), Occur.FILTER)
                .add(filter, Occur.FILTER)
                .build();
    }

    private void requireDimension(float[] vector) {
        if (vector.length != spec.dimension()) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the index holds "
                    + spec.dimension() + " (" + spec.embeddingModelId() + ")");
        }
    }

    private static List<SearchHit> hits(IndexSearcher searcher, TopDocs top, DoubleUnaryOperator score)
            throws IOException {
        var stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc doc : top.scoreDocs) {
            hits.add(ChunkDocuments.hit(stored, doc.doc, score.applyAsDouble(doc.score)));
        }
        return hits;
    }

    /** Applies the changes, makes them durable, then visible; Lucene failures become {@link DependencyException}. */
    private void write(IndexChange change) {
        try {
            change.apply();
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException | AlreadyClosedException e) {
            throw unavailable("writing to the index failed", e);
        }
    }

    private <T> T read(IndexRead<T> read) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException | AlreadyClosedException e) {
            throw unavailable("the index is closed", e);
        }
        try {
            return read.apply(searcher);
        } catch (IOException | AlreadyClosedException e) {
            throw unavailable("reading the index failed", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException | AlreadyClosedException ignored) {
                // The searcher is gone either way; the answer above still stands.
            }
        }
    }

    private DependencyException unavailable(String what, Exception cause) {
        return new DependencyException(
                DEPENDENCY,
                DependencyException.Kind.UNAVAILABLE,
                what + " (" + path + "): " + cause.getMessage(),
                cause);
    }

    @FunctionalInterface
    private interface IndexChange {
        void apply() throws IOException;
    }

    @FunctionalInterface
    private interface IndexRead<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
