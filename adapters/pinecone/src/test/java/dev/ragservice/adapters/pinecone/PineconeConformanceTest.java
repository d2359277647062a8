package dev.ragservice.adapters.pinecone;

import dev.ragservice.conformance.vector.MetadataFilterConformance;
import dev.ragservice.conformance.vector.NamespaceConformance;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The Pinecone store passes the vector-store conformance kit's tiers of its capabilities (filters, namespaces;
 * it has no keyword search) against a fake of Pinecone's gRPC data plane (one fresh index per test), created
 * through the provider as the service creates it.
 */
class PineconeConformanceTest implements MetadataFilterConformance, NamespaceConformance {

    private static final String KEY = "conformance-key";

    private FakePineconeServer server;

    @Override
    public VectorStore newStore(IndexSpec spec) {
        server = FakePineconeServer.start(spec.dimension(), KEY);
        return new PineconeVectorStoreProvider()
                .create(spec, PluginConfig.of(Map.of("PINECONE_API_KEY", KEY, "PINECONE_HOST", server.host())));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
