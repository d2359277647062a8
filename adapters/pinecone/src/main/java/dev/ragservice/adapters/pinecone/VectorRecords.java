package dev.ragservice.adapters.pinecone;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import io.pinecone.proto.ScoredVector;
import io.pinecone.proto.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A chunk as a Pinecone record: the vector id is the chunk id, and what Pinecone has no place for (text, document,
 * position) travels in the metadata under reserved keys next to the user's metadata. The chunk id is repeated
 * there because Pinecone filters cannot address vector ids, and replacing a document needs "its chunks other
 * than these".
 */
final class VectorRecords {

    static final String TEXT = "_text";
    static final String DOCUMENT_ID = "_document_id";
    static final String POSITION = "_position";
    static final String CHUNK_ID = "_chunk_id";

    private static final Set<String> RESERVED = Set.of(TEXT, DOCUMENT_ID, POSITION, CHUNK_ID);

    private VectorRecords() {}

    /** Keys the store keeps for itself, and keys Pinecone's filter language would read as operators. */
    static boolean isReserved(String field) {
        return RESERVED.contains(field) || field.startsWith("$");
    }

    static void requireUserMetadata(Map<String, MetadataValue> metadata) {
        for (String field : metadata.keySet()) {
            if (isReserved(field)) {
                throw new IllegalArgumentException("metadata field '" + field + "' is reserved by the Pinecone store"
                        + " (reserved: " + RESERVED + " and names starting with '$')");
            }
        }
    }

    static Vector of(Chunk chunk) {
        Struct.Builder metadata = Struct.newBuilder();
        chunk.metadata().forEach((field, value) -> metadata.putFields(field, value(value)));
        metadata.putFields(TEXT, Structs.text(chunk.text()))
                .putFields(DOCUMENT_ID, Structs.text(chunk.documentId()))
                .putFields(POSITION, Structs.number(chunk.position()))
                .putFields(CHUNK_ID, Structs.text(chunk.id()));
        return Vector.newBuilder()
                .setId(chunk.id())
                .addAllValues(floats(chunk.vector()))
                .setMetadata(metadata)
                .build();
    }

    /** A record without metadata: only its id and its existence matter. */
    static Vector marker(String id, float[] vector) {
        return Vector.newBuilder().setId(id).addAllValues(floats(vector)).build();
    }

    /** Empty for a record this store did not write (no document id): it is not a chunk of ours. */
    static Optional<SearchHit> hit(ScoredVector match) {
        Map<String, Value> fields = match.getMetadata().getFieldsMap();
        Value documentId = fields.get(DOCUMENT_ID);
        if (documentId == null || documentId.getKindCase() != Value.KindCase.STRING_VALUE) {
            return Optional.empty();
        }
        Map<String, MetadataValue> metadata = new HashMap<>();
        fields.forEach((field, value) -> {
            if (!RESERVED.contains(field)) {
                metadata.put(field, metadataValue(field, value));
            }
        });
        return Optional.of(new SearchHit(
                match.getId(),
                documentId.getStringValue(),
                (int) fields.getOrDefault(POSITION, Structs.number(0)).getNumberValue(),
                fields.getOrDefault(TEXT, Structs.text("")).getStringValue(),
                metadata,
                match.getScore()));
    }

    static List<Float> floats(float[] vector) {
        List<Float> values = new ArrayList<>(vector.length);
        for (float value : vector) {
            values.add(value);
        }
        return values;
    }

    private static Value value(MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text -> Structs.text(text.value());
            case MetadataValue.Number number -> Structs.number(number.value());
            case MetadataValue.Bool bool -> Structs.bool(bool.value());
            case MetadataValue.TextList list -> Structs.texts(list.values());
        };
    }

    private static MetadataValue metadataValue(String field, Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> MetadataValue.of(value.getStringValue());
            case NUMBER_VALUE -> MetadataValue.of(value.getNumberValue());
            case BOOL_VALUE -> MetadataValue.of(value.getBoolValue());
            case LIST_VALUE ->
                MetadataValue.of(value.getListValue().getValuesList().stream()
                        .map(element -> {
                            if (element.getKindCase() != Value.KindCase.STRING_VALUE) {
                                throw unexpected(field, value);
                            }
                            return element.getStringValue();
                        })
                        .toList());
            default -> throw unexpected(field, value);
        };
    }

    private static IllegalStateException unexpected(String field, Value value) {
        return new IllegalStateException(
                "Pinecone returned metadata '" + field + "' of a kind it does not store: " + value.getKindCase());
    }
}
