package dev.ragservice.domain.fakes;

import dev.ragservice.conformance.vector.KeywordSearchConformance;
import dev.ragservice.conformance.vector.MetadataFilterConformance;
import dev.ragservice.conformance.vector.NamespaceConformance;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import org.junit.jupiter.api.Nested;

/** The fake store the domain's tests rely on keeps the port's contract as the real stores do: both its variants. */
class InMemoryVectorStoreConformanceTest {

    @Nested
    class WithKeywordSearch implements MetadataFilterConformance, KeywordSearchConformance, NamespaceConformance {

        @Override
        public VectorStore newStore(IndexSpec spec) {
            return InMemoryVectorStore.withKeywordSearch();
        }
    }

    @Nested
    class VectorOnly implements MetadataFilterConformance, NamespaceConformance {

        @Override
        public VectorStore newStore(IndexSpec spec) {
            return InMemoryVectorStore.vectorOnly();
        }
    }
}
