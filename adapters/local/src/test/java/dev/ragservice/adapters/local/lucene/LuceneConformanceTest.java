package dev.ragservice.adapters.local.lucene;

import dev.ragservice.conformance.vector.VectorStoreConformance;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The Lucene store passes the vector-store conformance kit, each test on a new index in its own directory. */
class LuceneConformanceTest extends VectorStoreConformance {

    @TempDir
    Path dir;

    @Override
    protected VectorStore newStore(IndexSpec spec) {
        return new LuceneVectorStore(dir.resolve("lucene"), spec, 0.9f, 0.4f);
    }
}
