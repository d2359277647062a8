package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.vector.MetadataValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

/**
 * How metadata is indexed for filtering. Each value kind has its own field family, so a filter only ever meets
 * values of its own kind: Text "5" never equals Number 5, Bool true never equals Text "true".
 * <ul>
 *   <li>{@code mt.<field>}: one term per text value or list element</li>
 *   <li>{@code mn.<field>}: a double point per number (exact and range queries)</li>
 *   <li>{@code mb.<field>}: the term {@code true} or {@code false}</li>
 *   <li>{@code mx}: the name of every field the chunk has, for {@code $exists}</li>
 * </ul>
 */
final class MetadataFields {

    static final String PRESENT = "mx";

    private MetadataFields() {}

    static String text(String field) {
        return "mt." + field;
    }

    static String number(String field) {
        return "mn." + field;
    }

    static String bool(String field) {
        return "mb." + field;
    }

    static BytesRef boolTerm(boolean value) {
        return new BytesRef(Boolean.toString(value));
    }

    /**
     * The indexed term of a text value. Lucene refuses terms over 32766 bytes, so longer values are indexed by
     * their SHA-256 behind a 0xFF byte, which no UTF-8 text contains: they still compare equal only to themselves.
     */
    static BytesRef textTerm(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= IndexWriter.MAX_TERM_LENGTH) {
            return new BytesRef(utf8);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(utf8);
            byte[] term = new byte[digest.length + 1];
            term[0] = (byte) 0xFF;
            System.arraycopy(digest, 0, term, 1, digest.length);
            return new BytesRef(term);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static List<IndexableField> of(Map<String, MetadataValue> metadata) {
        List<IndexableField> fields = new ArrayList<>();
        metadata.forEach((field, value) -> {
            fields.add(new StringField(PRESENT, field, Field.Store.NO));
            switch (value) {
                case MetadataValue.Text text ->
                    fields.add(new StringField(text(field), textTerm(text.value()), Field.Store.NO));
                case MetadataValue.Number number -> fields.add(new DoublePoint(number(field), number.value()));
                case MetadataValue.Bool flag ->
                    fields.add(new StringField(bool(field), boolTerm(flag.value()), Field.Store.NO));
                case MetadataValue.TextList list ->
                    list.values()
                            .forEach(element ->
                                    fields.add(new StringField(text(field), textTerm(element), Field.Store.NO)));
            }
        });
        return fields;
    }
}
