package dev.ragservice.adapters.local.lucene;

import dev.ragservice.conformance.vector.KeywordSearchConformance;
import dev.ragservice.conformance.vector.MetadataFilterConformance;
import dev.ragservice.conformance.vector.NamespaceConformance;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Lucene store passes every tier of the vector-store conformance kit, each test on a new index of its own. */
class LuceneConformanceTest implements MetadataFilterConformance, KeywordSearchConformance, NamespaceConformance {

    @TempDir
    Path dir;

    @Override
    public VectorStore newStore(IndexSpec spec) {
        return new LuceneVectorStore(dir.resolve("lucene"), spec, 0.9f, 0.4f);
    }
}
