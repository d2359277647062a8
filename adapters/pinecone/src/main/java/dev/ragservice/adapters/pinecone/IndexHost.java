package dev.ragservice.adapters.pinecone;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfigException;
import io.pinecone.clients.Pinecone;
import io.pinecone.exceptions.PineconeAuthorizationException;
import io.pinecone.exceptions.PineconeException;
import io.pinecone.exceptions.PineconeForbiddenException;
import io.pinecone.exceptions.PineconeNotFoundException;

/**
 * Finds an index's data-plane host by its name on Pinecone's control plane. Done once at start-up; Pinecone
 * advises setting {@code PINECONE_HOST} in production so the service does not depend on a second API.
 */
final class IndexHost {

    private IndexHost() {}

    static String lookUp(String apiKey, String indexName) {
        try {
            String host = new Pinecone.Builder(apiKey)
                    .build()
                    .describeIndex(indexName)
                    .getHost();
            if (host == null || host.isBlank()) {
                throw new DependencyException(
                        PineconeVectorStore.DEPENDENCY,
                        DependencyException.Kind.UNAVAILABLE,
                        "the index '" + indexName + "' has no host yet (is it still initialising?)",
                        null);
            }
            return host;
        } catch (PineconeNotFoundException e) {
            throw new PluginConfigException("PINECONE_INDEX names no index of this Pinecone project: " + indexName);
        } catch (PineconeAuthorizationException | PineconeForbiddenException e) {
            throw new DependencyException(
                    PineconeVectorStore.DEPENDENCY,
                    DependencyException.Kind.UNAUTHORIZED,
                    "PINECONE_API_KEY was refused by the control plane",
                    e);
        } catch (PineconeException e) {
            throw new DependencyException(
                    PineconeVectorStore.DEPENDENCY,
                    DependencyException.Kind.UNAVAILABLE,
                    "looking up the host of index '" + indexName + "' failed: " + e.getMessage(),
                    e);
        }
    }
}
