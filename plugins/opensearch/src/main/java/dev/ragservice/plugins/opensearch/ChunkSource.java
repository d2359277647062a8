package dev.ragservice.plugins.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk as an OpenSearch document (the fields of {@code index.json}) and back. The metadata travels twice: as
 * typed JSON in {@code metadata}, which is stored and not indexed, so a hit comes back with exactly the values it
 * was given; and as the terms of {@link MetadataTerms}, which filters search.
 */
final class ChunkSource {

    static final String NAMESPACE = "namespace";
    static final String DOCUMENT_ID = "document_id";
    static final String CHUNK_ID = "chunk_id";
    static final String POSITION = "position";
    /** True on exactly one chunk of each document (the first of its upsert), so documents can be counted. */
    static final String HEAD = "head";

    static final String TEXT = "text";
    static final String VECTOR = "vector";
    static final String METADATA = "metadata";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChunkSource() {}

    /**
     * The document id of a chunk: namespaces and chunk ids are any strings, OpenSearch ids at most 512 bytes, so the
     * id is a hash of both (the length prefix keeps ("a", "bc") apart from ("ab", "c")).
     */
    static String id(String namespace, String chunkId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((namespace.length() + ":" + namespace + chunkId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static ObjectNode of(String namespace, Chunk chunk, boolean head) {
        ObjectNode source = JSON.objectNode();
        source.put(NAMESPACE, namespace);
        source.put(DOCUMENT_ID, chunk.documentId());
        source.put(CHUNK_ID, chunk.id());
        source.put(POSITION, chunk.position());
        source.put(HEAD, head);
        source.put(TEXT, chunk.text());
        ArrayNode vector = source.putArray(VECTOR);
        for (float value : chunk.vector()) {
            vector.add(value);
        }
        ArrayNode terms = source.putArray(MetadataTerms.FIELD);
        MetadataTerms.of(chunk.metadata()).forEach(terms::add);
        ArrayNode keys = source.putArray(MetadataTerms.KEYS_FIELD);
        chunk.metadata().keySet().forEach(keys::add);
        ObjectNode metadata = source.putObject(METADATA);
        chunk.metadata().forEach((key, value) -> metadata.set(key, json(value)));
        return source;
    }

    static SearchHit hit(JsonNode source, double score) {
        Map<String, MetadataValue> metadata = new HashMap<>();
        source.path(METADATA).properties().forEach(field -> metadata.put(field.getKey(), value(field.getValue())));
        return new SearchHit(
                source.path(CHUNK_ID).asText(),
                source.path(DOCUMENT_ID).asText(),
                source.path(POSITION).asInt(),
                source.path(TEXT).asText(),
                metadata,
                score);
    }

    private static JsonNode json(MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text -> JSON.textNode(text.value());
            case MetadataValue.Number number -> JSON.numberNode(number.value());
            case MetadataValue.Bool bool -> JSON.booleanNode(bool.value());
            case MetadataValue.TextList list -> {
                ArrayNode array = JSON.arrayNode();
                list.values().forEach(array::add);
                yield array;
            }
        };
    }

    private static MetadataValue value(JsonNode node) {
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(element -> values.add(element.asText()));
            return MetadataValue.of(values);
        }
        if (node.isNumber()) {
            return MetadataValue.of(node.doubleValue());
        }
        if (node.isBoolean()) {
            return MetadataValue.of(node.booleanValue());
        }
        return MetadataValue.of(node.asText());
    }
}
