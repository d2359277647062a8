package dev.ragservice.domain.filter;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a document's {@code metadata} JSON object (as a JSON parser hands it over: maps, lists, strings,
 * numbers, booleans) into metadata values, and back for responses. Only the kinds every vector store can
 * index are accepted; anything else is refused with {@code invalid_metadata} rather than silently dropped.
 */
public final class MetadataParser {

    private static final String CODE = "invalid_metadata";

    private MetadataParser() {}

    /**
     * JSON nulls are dropped (they mean "no value"); a null or absent object is empty metadata.
     *
     * @throws LimitExceededException when the metadata has more keys, a longer key or more bytes than allowed
     */
    public static Map<String, MetadataValue> parse(Object json, RequestLimits limits) {
        if (json == null) {
            return Map.of();
        }
        if (!(json instanceof Map<?, ?> object)) {
            throw new InvalidRequestException(
                    CODE, "metadata must be a JSON object, got " + JsonScalars.describe(json));
        }
        if (object.size() > limits.metadataKeys()) {
            throw new LimitExceededException(
                    RequestLimits.METADATA_KEYS, limits.metadataKeys(), "the metadata has " + object.size() + " keys");
        }
        Map<String, MetadataValue> metadata = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.isBlank()) {
                throw new InvalidRequestException(CODE, "metadata keys must not be blank");
            }
            if (key.length() > limits.metadataKeyChars()) {
                throw new LimitExceededException(
                        RequestLimits.METADATA_KEY_CHARS,
                        limits.metadataKeyChars(),
                        "a metadata key has " + key.length() + " characters");
            }
            if (key.startsWith("$")) {
                // Filters read '$'-keys as operators, so such a field could never be filtered on.
                throw new InvalidRequestException(CODE, "metadata key '" + key + "' must not start with '$'");
            }
            if (key.startsWith("_")) {
                // Stores keep their own bookkeeping under '_' (Pinecone's _text, _document_id): reserved everywhere,
                // so a document means the same in every store.
                throw new InvalidRequestException(CODE, "metadata key '" + key + "' must not start with '_'");
            }
            if (entry.getValue() != null) {
                MetadataValue value = value(key, entry.getValue());
                bytes += utf8Length(key) + utf8Length(value);
                if (bytes > limits.metadataBytes()) {
                    throw new LimitExceededException(
                            RequestLimits.METADATA_BYTES, limits.metadataBytes(), "the metadata has more bytes");
                }
                metadata.put(key, value);
            }
        }
        return Collections.unmodifiableMap(metadata);
    }

    /** A value's size as stores keep it: texts in UTF-8, a number or a boolean as eight bytes. */
    private static long utf8Length(MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text -> utf8Length(text.value());
            case MetadataValue.TextList list ->
                list.values().stream().mapToLong(MetadataParser::utf8Length).sum();
            case MetadataValue.Number number -> Double.BYTES;
            case MetadataValue.Bool bool -> Double.BYTES;
        };
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static MetadataValue value(String key, Object value) {
        String where = "metadata '" + key + "'";
        if (JsonScalars.isScalar(value)) {
            return JsonScalars.toMetadata(value, where, CODE);
        }
        if (value instanceof List<?> list) {
            List<String> texts = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String text)) {
                    throw new InvalidRequestException(
                            CODE,
                            where + ": lists may hold only strings, but element " + i + " is "
                                    + JsonScalars.describe(list.get(i)));
                }
                texts.add(text);
            }
            return new MetadataValue.TextList(texts);
        }
        throw new InvalidRequestException(
                CODE,
                where + ": values must be a string, number, boolean or list of " + "strings, got "
                        + JsonScalars.describe(value) + " (nested objects are not supported)");
    }

    /**
     * The value as a JSON parser's object: a whole number becomes a {@link Long} so that {@code 2024} does not
     * come back as {@code 2024.0}.
     */
    public static Object toJson(MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text -> text.value();
            case MetadataValue.Bool bool -> bool.value();
            case MetadataValue.TextList list -> list.values();
            case MetadataValue.Number number -> {
                double d = number.value();
                boolean whole = d == Math.rint(d) && Math.abs(d) < 0x1p63;
                yield whole ? (Object) (long) d : (Object) d;
            }
        };
    }
}
