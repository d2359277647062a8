package dev.ragservice.domain.ingest;

import dev.ragservice.domain.RequestLimits;

/**
 * How big chunks are: in the embedding model's own tokens, and in characters.
 *
 * @param maxTokens     the most tokens of one chunk; at most what the model embeds whole
 * @param overlapTokens at most this many tokens of whole sentences are repeated at the start of the next chunk,
 *                      so a statement cut at a chunk boundary is still found with its context
 * @param maxChars      the most characters of one chunk: a tokenizer reads any "word" it cannot split (say, 10 MB
 *                      without a space) as one unknown token, so tokens alone would let a chunk grow without bound
 *                      and ride in every answer and prompt that cites it
 */
public record ChunkingPolicy(int maxTokens, int overlapTokens, int maxChars) {

    public ChunkingPolicy {
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be at least 8, got " + maxTokens);
        }
        // Below half, every chunk still adds more new text than it repeats.
        if (overlapTokens < 0 || 2L * overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("overlapTokens must be at least 0 and less than half of maxTokens ("
                    + maxTokens + "), got " + overlapTokens);
        }
        if (maxChars < 32) {
            throw new IllegalArgumentException("maxChars must be at least 32, got " + maxChars);
        }
    }

    /** With the default character bound, {@link RequestLimits#DEFAULTS}'s. */
    public ChunkingPolicy(int maxTokens, int overlapTokens) {
        this(maxTokens, overlapTokens, RequestLimits.DEFAULTS.charsPerChunk());
    }
}
