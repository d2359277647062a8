package dev.ragservice.plugins.opensearch;

import dev.ragservice.conformance.vector.KeywordSearchConformance;
import dev.ragservice.conformance.vector.MetadataFilterConformance;
import dev.ragservice.conformance.vector.NamespaceConformance;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenSearch store passes every tier of the vector-store conformance kit against the real two-node cluster:
 * each test on an index of its own, of two shards with a replica each, so k-NN and BM25 results are merged across
 * shards as in production. Created through the provider, as the service creates it.
 */
class OpenSearchConformanceIT implements MetadataFilterConformance, NamespaceConformance, KeywordSearchConformance {

    @RegisterExtension
    static final OpenSearchCluster CLUSTER = new OpenSearchCluster();

    private static final AtomicInteger INDEXES = new AtomicInteger();

    private String index;

    @Override
    public VectorStore newStore(IndexSpec spec) {
        index = "conformance-" + INDEXES.incrementAndGet();
        return new OpenSearchVectorStoreProvider()
                .create(
                        spec,
                        PluginConfig.of(Map.of(
                                "OPENSEARCH_URL",
                                CLUSTER.urls(),
                                "OPENSEARCH_INDEX",
                                index,
                                "OPENSEARCH_SHARDS",
                                "2",
                                "OPENSEARCH_REPLICAS",
                                "1",
                                "OPENSEARCH_TIMEOUT_MS",
                                "30000")));
    }

    /** Keeps the cluster small: a test's index is of no use to the next one. */
    @AfterEach
    void deleteIndex() {
        if (index != null) {
            CLUSTER.request("DELETE", "/" + index, null);
        }
    }
}
