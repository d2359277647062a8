package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.filter.MetadataParser;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /documents}: {@code {"texts": [...], "metadatas": [...]?, "ids": [...]?, "namespace"?}}. */
record DocumentsRequest(String namespace, List<Document> documents) {

    static DocumentsRequest from(JsonNode body, String defaultNamespace, ObjectMapper mapper, RequestLimits limits) {
        JsonNode texts = JsonFields.array(body, "texts")
                .orElseThrow(() ->
                        ApiException.badRequest("missing_field", "'texts' is required: an array of document texts"));
        if (texts.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "'texts' must not be empty");
        }
        if (texts.size() > limits.textsPerRequest()) {
            throw new LimitExceededException(
                    RequestLimits.TEXTS_PER_REQUEST,
                    limits.textsPerRequest(),
                    "'texts' has " + texts.size() + " entries");
        }
        Optional<JsonNode> metadatas = JsonFields.array(body, "metadatas");
        Optional<JsonNode> ids = JsonFields.array(body, "ids");
        sameLength("metadatas", metadatas, texts.size());
        sameLength("ids", ids, texts.size());

        List<Document> documents = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode text = texts.get(i);
            if (!text.isTextual()) {
                throw ApiException.badRequest("invalid_field", "'texts[" + i + "]' must be a string");
            }
            documents.add(new Document(id(ids, i), text.textValue(), metadata(metadatas, i, mapper, limits)));
        }
        return new DocumentsRequest(JsonFields.namespace(body, defaultNamespace), documents);
    }

    private static void sameLength(String field, Optional<JsonNode> array, int expected) {
        if (array.isPresent() && array.get().size() != expected) {
            throw ApiException.badRequest(
                    "length_mismatch",
                    "'" + field + "' has " + array.get().size() + " entries but 'texts' has " + expected
                            + "; give one per text");
        }
    }

    /** The client's id for the text, or null for none (the id is then derived from the text). */
    private static @Nullable String id(Optional<JsonNode> ids, int index) {
        if (ids.isEmpty() || ids.get().get(index).isNull()) {
            return null;
        }
        JsonNode id = ids.get().get(index);
        if (!id.isTextual() || id.textValue().isBlank() || id.textValue().length() > 256) {
            throw ApiException.badRequest(
                    "invalid_field",
                    "'ids[" + index + "]' must be a non-empty string" + " of at most 256 characters, or null");
        }
        return id.textValue();
    }

    private static Map<String, MetadataValue> metadata(
            Optional<JsonNode> metadatas, int index, ObjectMapper mapper, RequestLimits limits) {
        if (metadatas.isEmpty() || metadatas.get().get(index).isNull()) {
            return Map.of();
        }
        return MetadataParser.parse(mapper.convertValue(metadatas.get().get(index), Object.class), limits);
    }
}
