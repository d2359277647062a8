package dev.ragservice.plugins.opensearch;

import dev.ragservice.ports.vector.MetadataValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * How metadata is indexed for filtering: every value becomes one term of the keyword field {@code meta}, the field
 * name and the value's kind included, and every field name a term of {@code meta_keys}. The mapping therefore has a
 * fixed set of fields whatever keys users send (no mapping explosion, no key that clashes with another as an object
 * path), and a filter only ever meets values of its own kind: Text "5" never equals Number 5.
 *
 * <p>A term is {@code <length of key>:<key><kind><value>}; the length makes the key's end unambiguous whatever
 * characters it holds. Kinds: {@code t} text (or list element), {@code b} boolean, {@code n} number as 16 hex
 * digits that sort like {@link Double#compare} (so ranges are term ranges), {@code h} the SHA-256 of a text too
 * long for one term.
 */
final class MetadataTerms {

    static final String FIELD = "meta";
    static final String KEYS_FIELD = "meta_keys";

    /** Lucene refuses terms over 32766 bytes of UTF-8; longer texts are indexed by their hash. */
    private static final int MAX_TERM_BYTES = 32_000;

    private MetadataTerms() {}

    /** The terms of {@code meta} for a chunk's metadata. */
    static List<String> of(Map<String, MetadataValue> metadata) {
        List<String> terms = new ArrayList<>();
        metadata.forEach((key, value) -> {
            switch (value) {
                case MetadataValue.TextList list -> list.values().forEach(element -> terms.add(text(key, element)));
                default -> terms.add(of(key, value));
            }
        });
        return terms;
    }

    /** The term a single value is indexed as. */
    static String of(String key, MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text -> text(key, text.value());
            case MetadataValue.Number number -> number(key, number.value());
            case MetadataValue.Bool bool -> prefix(key) + "b" + bool.value();
            case MetadataValue.TextList list -> throw new IllegalArgumentException("a list is not a single value");
        };
    }

    static String number(String key, double value) {
        long bits = Double.doubleToLongBits(value);
        // Flips what IEEE 754 orders backwards (negatives), so unsigned order is numeric order, -0.0 below 0.0.
        long sortable = bits ^ ((bits >> 63) | Long.MIN_VALUE);
        return prefix(key) + "n" + HexFormat.of().toHexDigits(sortable);
    }

    /** The lowest and highest number terms of a key: the ends of open ranges. */
    static String lowestNumber(String key) {
        return prefix(key) + "n" + "0".repeat(16);
    }

    static String highestNumber(String key) {
        return prefix(key) + "n" + "f".repeat(16);
    }

    private static String text(String key, String value) {
        String term = prefix(key) + "t" + value;
        if (term.getBytes(StandardCharsets.UTF_8).length <= MAX_TERM_BYTES) {
            return term;
        }
        return prefix(key) + "h" + sha256(value);
    }

    private static String prefix(String key) {
        return key.length() + ":" + key;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
