package dev.ragservice.ports.vector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of a document with its embedding: what a {@link VectorStore} keeps.
 *
 * @param id         unique within the namespace, stable across re-ingestion ({@code documentId#position})
 * @param documentId the document the chunk belongs to
 * @param position   the chunk's place in its document, from 0
 * @param vector     the embedding; the array is not copied, so callers must not change it afterwards
 * @param metadata   the document's metadata, copied to each of its chunks for filtering
 */
public record Chunk(
        String id, String documentId, int position, String text, float[] vector, Map<String, MetadataValue> metadata) {

    public Chunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        metadata = Map.copyOf(metadata);
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative");
        }
    }

    /**
     * The chunks of one upsert by document, documents and chunks in the order given, a chunk id given twice keeping
     * its last version: what {@link VectorStore#upsert} replaces each document with.
     */
    public static Map<String, List<Chunk>> byDocument(List<Chunk> chunks) {
        Map<String, Map<String, Chunk>> documents = new LinkedHashMap<>();
        for (Chunk chunk : chunks) {
            documents
                    .computeIfAbsent(chunk.documentId(), id -> new LinkedHashMap<>())
                    .put(chunk.id(), chunk);
        }
        Map<String, List<Chunk>> byDocument = new LinkedHashMap<>();
        documents.forEach((document, byId) -> byDocument.put(document, List.copyOf(byId.values())));
        return byDocument;
    }
}
