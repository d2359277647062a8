package dev.ragservice.domain.ingest;

/**
 * How big chunks are, in the embedding model's own tokens.
 *
 * @param maxTokens     the most tokens of one chunk; at most what the model embeds whole
 * @param overlapTokens at most this many tokens of whole sentences are repeated at the start of the next chunk,
 *                      so a statement cut at a chunk boundary is still found with its context
 */
public record ChunkingPolicy(int maxTokens, int overlapTokens) {

    public ChunkingPolicy {
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be at least 8, got " + maxTokens);
        }
        // Below half, every chunk still adds more new text than it repeats.
        if (overlapTokens < 0 || 2L * overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("overlapTokens must be at least 0 and less than half of maxTokens ("
                    + maxTokens + "), got " + overlapTokens);
        }
    }
}
