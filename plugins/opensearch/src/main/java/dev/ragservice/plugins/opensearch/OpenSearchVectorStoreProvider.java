package dev.ragservice.plugins.opensearch;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.SettingsDeclaration;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import dev.ragservice.ports.vector.VectorStoreProvider;
import java.io.IOException;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.transport.OpenSearchTransport;

/**
 * {@code VECTOR_STORE=opensearch}: chunks in an OpenSearch index shared by every replica (see
 * {@link OpenSearchSettings} for the {@code OPENSEARCH_*} settings, the only ones the plugin is given). Creating the
 * store creates the index when it is missing and refuses one built for another embedding model.
 */
public final class OpenSearchVectorStoreProvider implements VectorStoreProvider {

    @Override
    public String name() {
        return "opensearch";
    }

    @Override
    public SettingsDeclaration settings() {
        return SettingsDeclaration.prefixed("OPENSEARCH_").withSecrets(OpenSearchSettings.PASSWORD);
    }

    @Override
    public VectorStore create(IndexSpec index, PluginConfig config) {
        OpenSearchSettings settings = OpenSearchSettings.from(config);
        OpenSearchTransport transport = OpenSearchTransports.create(settings);
        try {
            // Index creation waits for the primaries: a few request timeouts at most.
            Deadline startUp = Deadline.after(settings.timeout().multipliedBy(3));
            IndexDefinition.ensure(
                    new OpenSearchGenericClient(transport, OpenSearchTransports.options(startUp.remaining())),
                    settings,
                    index);
            return new OpenSearchVectorStore(transport, settings, index);
        } catch (OpenSearchException e) {
            closeQuietly(transport);
            throw OpenSearchErrors.of(e);
        } catch (IOException e) {
            closeQuietly(transport);
            throw OpenSearchErrors.of(e, settings.timeout());
        } catch (RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
    }

    private static void closeQuietly(OpenSearchTransport transport) {
        try {
            transport.close();
        } catch (IOException ignored) {
            // Start-up already failed; that failure is the one to report.
        }
    }
}
