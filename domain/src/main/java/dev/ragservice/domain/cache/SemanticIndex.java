package dev.ragservice.domain.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The questions answered recently in one scope (see {@link CacheKeys#semanticIndex}), oldest first. A linear scan:
 * a scope holds a few hundred entries at most, fewer than an approximate index would pay off for.
 */
record SemanticIndex(List<SemanticEntry> entries) {

    static final SemanticIndex EMPTY = new SemanticIndex(List.of());

    SemanticIndex {
        entries = List.copyOf(entries);
    }

    /**
     * This index with the entry as its newest, replacing an entry of the same answer (its recency and vector are
     * renewed) and dropping the oldest beyond {@code maxEntries}.
     */
    SemanticIndex with(SemanticEntry entry, int maxEntries) {
        List<SemanticEntry> kept = new ArrayList<>(entries.size() + 1);
        for (SemanticEntry existing : entries) {
            if (!existing.responseKey().equals(entry.responseKey())) {
                kept.add(existing);
            }
        }
        kept.add(entry);
        return new SemanticIndex(kept.subList(Math.max(0, kept.size() - maxEntries), kept.size()));
    }

    SemanticIndex without(String responseKey) {
        return new SemanticIndex(entries.stream()
                .filter(entry -> !entry.responseKey().equals(responseKey))
                .toList());
    }

    /**
     * The most similar entry; of equally similar ones the newest. Empty when no entry's similarity is defined
     * (none at all, or all of another dimension: the scope includes the embedding model, so that means a corrupt
     * value or a zero vector).
     */
    Optional<SemanticMatch> nearest(float[] vector) {
        SemanticMatch best = null;
        for (SemanticEntry entry : entries) {
            double similarity = entry.similarity(vector);
            if (!Double.isNaN(similarity) && (best == null || similarity >= best.similarity())) {
                best = new SemanticMatch(entry.responseKey(), similarity);
            }
        }
        return Optional.ofNullable(best);
    }
}
