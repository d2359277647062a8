package dev.ragservice.domain.filter;

import dev.ragservice.domain.InvalidRequestException;
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

    private MetadataParser() {
    }

    /** JSON nulls are dropped (they mean "no value"); a null or absent object is empty metadata. */
    public static Map<String, MetadataValue> parse(Object json) {
        if (json == null) {
            return Map.of();
        }
        if (!(json instanceof Map<?, ?> object)) {
            throw new InvalidRequestException(CODE, "metadata must be a JSON object, got " + JsonScalars.describe(json));
        }
        Map<String, MetadataValue> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.isBlank()) {
                throw new InvalidRequestException(CODE, "metadata keys must not be blank");
            }
            if (key.startsWith("$")) {
                // Filters read '$'-keys as operators, so such a field could never be filtered on.
                throw new InvalidRequestException(CODE, "metadata key '" + key + "' must not start with '$'");
            }
            if (entry.getValue() != null) {
                metadata.put(key, value(key, entry.getValue()));
            }
        }
        return Collections.unmodifiableMap(metadata);
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
                    throw new InvalidRequestException(CODE, where + ": lists may hold only strings, but element "
                            + i + " is " + JsonScalars.describe(list.get(i)));
                }
                texts.add(text);
            }
            return new MetadataValue.TextList(texts);
        }
        throw new InvalidRequestException(CODE, where + ": values must be a string, number, boolean or list of "
                + "strings, got " + JsonScalars.describe(value) + " (nested objects are not supported)");
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
