package dev.ragservice.domain.ingest;

import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.Map;

/**
 * A document to ingest, as the client sent it. Validation that names the document's place in the request
 * (blank text, duplicate ids) happens in {@link IngestDocuments}, which knows that place.
 *
 * @param id       the client's id; null or blank means "derive it from the text" (see {@link IngestDocuments})
 * @param text     the full text; null is treated as empty
 * @param metadata copied to every chunk, for filtering; null means none
 */
public record Document(@Nullable String id, String text, Map<String, MetadataValue> metadata) {

    public Document {
        text = text == null ? "" : text;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public Document(@Nullable String id, String text) {
        this(id, text, Map.of());
    }

    /** Without the text: documents must never end up in logs, and a record's toString would print it whole. */
    @Override
    public String toString() {
        return "Document[id=" + id + ", " + text.length() + " chars, metadata=" + metadata.keySet() + "]";
    }
}
