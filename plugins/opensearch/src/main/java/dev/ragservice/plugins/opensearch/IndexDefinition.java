package dev.ragservice.plugins.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import dev.ragservice.ports.vector.IndexSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * The index the chunks live in: created from {@code index.json} when it is missing (k-NN on, Lucene HNSW with
 * cosine similarity, BM25 with the embedded store's parameters, the shards and replicas of the settings), and
 * refused when it was created for another embedding model or dimension, which its mapping's {@code _meta} records.
 *
 * <p>Through the client's generic API: the body is the JSON of OpenSearch's documentation, read as it is.
 */
final class IndexDefinition {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexDefinition() {}

    /**
     * Creates the index unless it exists (several replicas starting at once may race: the loser finds it), then
     * checks that it holds vectors of {@code spec}.
     *
     * @throws IncompatibleIndexException when it holds another model's vectors
     */
    static void ensure(OpenSearchGenericClient client, OpenSearchSettings settings, IndexSpec spec) throws IOException {
        String index = settings.index();
        try (Response exists = client.execute(
                Requests.builder().method("HEAD").endpoint("/" + index).build())) {
            if (exists.getStatus() == 404) {
                create(client, settings, spec);
            } else if (exists.getStatus() != 200) {
                throw OpenSearchErrors.of(exists.getStatus(), "HEAD /" + index + " answered " + exists.getStatus());
            }
        }
        requireCompatible(recordedSpec(client, index), spec, index);
    }

    static ObjectNode body(OpenSearchSettings settings, IndexSpec spec) {
        ObjectNode body;
        try (InputStream template = IndexDefinition.class.getResourceAsStream("index.json")) {
            body = (ObjectNode) JSON.readTree(template);
        } catch (IOException e) {
            throw new UncheckedIOException("index.json is part of the plugin", e);
        }
        ObjectNode indexSettings = (ObjectNode) body.at("/settings/index");
        indexSettings.put("number_of_shards", settings.shards());
        indexSettings.put("number_of_replicas", settings.replicas());
        ObjectNode meta = (ObjectNode) body.at("/mappings/_meta");
        meta.put("embedding_model", spec.embeddingModelId());
        meta.put("dimension", spec.dimension());
        ((ObjectNode) body.at("/mappings/properties/vector")).put("dimension", spec.dimension());
        return body;
    }

    private static void create(OpenSearchGenericClient client, OpenSearchSettings settings, IndexSpec spec)
            throws IOException {
        byte[] body = JSON.writeValueAsBytes(body(settings, spec));
        try (Response created = client.execute(Requests.builder()
                .method("PUT")
                .endpoint("/" + settings.index())
                .body(Body.from(body, "application/json"))
                .build())) {
            JsonNode answer = read(created);
            boolean raced = created.getStatus() == 400
                    && "resource_already_exists_exception"
                            .equals(answer.at("/error/type").asText());
            if (created.getStatus() != 200 && !raced) {
                throw OpenSearchErrors.of(
                        created.getStatus(),
                        "creating the index " + settings.index() + " failed (" + created.getStatus() + "): "
                                + answer.at("/error/reason").asText(answer.toString()));
            }
        }
    }

    private static IndexSpec recordedSpec(OpenSearchGenericClient client, String index) throws IOException {
        try (Response mapping = client.execute(Requests.builder()
                .method("GET")
                .endpoint("/" + index + "/_mapping")
                .build())) {
            JsonNode answer = read(mapping);
            if (mapping.getStatus() != 200) {
                throw OpenSearchErrors.of(
                        mapping.getStatus(),
                        "reading the mapping of " + index + " failed (" + mapping.getStatus() + ")");
            }
            JsonNode meta = answer.path(index).path("mappings").path("_meta");
            if (meta.path("embedding_model").asText().isEmpty()
                    || meta.path("dimension").asInt() < 1) {
                throw new IncompatibleIndexException("the index " + index + " was not created by this plugin (its"
                        + " mapping records no embedding model): set OPENSEARCH_INDEX to another name");
            }
            return new IndexSpec(
                    meta.path("embedding_model").asText(),
                    meta.path("dimension").asInt());
        }
    }

    private static void requireCompatible(IndexSpec recorded, IndexSpec wanted, String index) {
        if (!recorded.equals(wanted)) {
            throw new IncompatibleIndexException("the index " + index + " holds embeddings of '"
                    + recorded.embeddingModelId() + "' (" + recorded.dimension() + " dimensions), the service is"
                    + " configured for '" + wanted.embeddingModelId() + "' (" + wanted.dimension() + "): vectors of"
                    + " two models cannot be compared; set OPENSEARCH_INDEX to a new index and re-ingest");
        }
    }

    private static JsonNode read(Response response) throws IOException {
        if (response.getBody().isEmpty()) {
            return JSON.createObjectNode();
        }
        try (Body body = response.getBody().get()) {
            return JSON.readTree(body.body());
        }
    }
}
