package dev.ragservice.ports.vector;

import java.util.Map;
import java.util.Objects;

/** A chunk found by a search, with its score (higher is better; comparable only within one result list). */
public record SearchHit(
        String chunkId,
        String documentId,
        int position,
        String text,
        Map<String, MetadataValue> metadata,
        double score) {

    public SearchHit {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        metadata = Map.copyOf(metadata);
    }

    public SearchHit withScore(double newScore) {
        return new SearchHit(chunkId, documentId, position, text, metadata, newScore);
    }
}
