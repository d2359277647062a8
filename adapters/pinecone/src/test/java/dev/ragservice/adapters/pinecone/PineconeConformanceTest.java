package dev.ragservice.adapters.pinecone;

import dev.ragservice.conformance.vector.VectorStoreConformance;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/**
 * The Pinecone store passes the vector-store conformance kit against a fake of Pinecone's gRPC data plane (one
 * fresh index per test), created through the provider as the service creates it.
 */
class PineconeConformanceTest extends VectorStoreConformance {

    private static final String KEY = "conformance-key";

    private FakePineconeServer server;

    @Override
    protected VectorStore newStore(IndexSpec spec) {
        server = FakePineconeServer.start(spec.dimension(), KEY);
        return new PineconeVectorStoreProvider().create(spec,
                PluginConfig.of(Map.of("PINECONE_API_KEY", KEY, "PINECONE_HOST", server.host())));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
