package dev.ragservice.adapters.pinecone;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import dev.ragservice.ports.vector.VectorStoreProvider;
import io.pinecone.configs.PineconeConfig;
import io.pinecone.configs.PineconeConnection;

/**
 * {@code VECTOR_STORE=pinecone} (chosen by default when {@code PINECONE_API_KEY} is set): a Pinecone index over its
 * gRPC data plane. Settings: {@code PINECONE_API_KEY} (required), {@code PINECONE_INDEX} (the index name, required
 * unless {@code PINECONE_HOST}), {@code PINECONE_HOST} (the index host: skips the control-plane lookup),
 * {@code PINECONE_TIMEOUT_MS} (deadline of every call, default 2000). {@code PINECONE_ENV} is accepted and not
 * needed: the client finds every index through Pinecone's global control plane.
 */
public final class PineconeVectorStoreProvider implements VectorStoreProvider {

    @Override
    public String name() {
        return "pinecone";
    }

    @Override
    public VectorStore create(IndexSpec index, PluginConfig config) {
        PineconeSettings settings = PineconeSettings.from(config);
        String host = settings.host()
                .orElseGet(() ->
                        IndexHost.lookUp(settings.apiKey(), settings.index().orElseThrow()));
        // A connection of our own rather than Pinecone.getIndexConnection: that one is cached in a static map
        // and its Index hides the stub, which is where the deadline of each call is set.
        PineconeConfig client = new PineconeConfig(settings.apiKey());
        client.setHost(host);
        client.setTLSEnabled(!PineconeSettings.isLoopback(host));
        return new PineconeVectorStore(
                new PineconeConnection(client, settings.index().orElse(null)), index, settings.timeout());
    }
}
