package dev.ragservice.domain.ingest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Splits a document into chunks that the embedding model embeds whole.
 *
 * <p>Sizes are measured with the model's own tokenizer because the model silently ignores everything past its
 * window: a chunk one token too long loses its tail from the index. Rules, in order:
 * <ol>
 *   <li>A text that fits is one chunk, unchanged but for surrounding white space. Splitting what fits only
 *       loses context (measured: splitting short abstracts cost 4.5 nDCG points).</li>
 *   <li>Otherwise whole sentences are packed greedily into chunks of at most {@code maxTokens}.</li>
 *   <li>A sentence longer than that is cut between words, and a word longer than that between characters.
 *       Every chunk then fits, and every part of the text is in some chunk.</li>
 *   <li>Every bound holds in characters too ({@link ChunkingPolicy#maxChars()}): a word the tokenizer cannot
 *       split counts as one token however long it is.</li>
 *   <li>Each chunk after the first starts with the last whole sentences (or pieces) of the one before, as many
 *       as fit in {@code overlapTokens}.</li>
 * </ol>
 * Chunks are substrings of the stripped text, in order, so positions and quotes stay exact. The chunker is
 * deterministic and safe for concurrent use.
 */
public final class Chunker {

    private final ToIntFunction<String> tokenCounter;
    private final ChunkingPolicy policy;

    /** @param tokenCounter the embedding model's count of content tokens, {@code EmbeddingModel::countTokens} */
    public Chunker(ToIntFunction<String> tokenCounter, ChunkingPolicy policy) {
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public ChunkingPolicy policy() {
        return policy;
    }

    /** The chunks of the text, in order; empty for a blank text. */
    public List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String stripped = text.strip();
        if (stripped.length() <= policy.maxChars() && count(stripped) <= policy.maxTokens()) {
            return List.of(stripped);
        }
        return pack(stripped, segments(stripped));
    }

    /** A piece of the text that packing never cuts: a sentence, or a word or part of one of a long sentence. */
    private record Segment(int start, int end, int tokens) {}

    private List<Segment> segments(String text) {
        List<Segment> segments = new ArrayList<>();
        // A new instance per call: break iterators are not thread-safe.
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text);
        int start = sentences.first();
        for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
            addSpan(text, start, end, segments, this::addWords);
        }
        return segments;
    }

    private interface Splitter {
        void split(String text, int start, int end, List<Segment> segments);
    }

    /** Adds the span without its surrounding white space; when it is too long, hands it to the finer splitter. */
    private void addSpan(String text, int start, int end, List<Segment> segments, Splitter finer) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return;
        }
        if (end - start > policy.maxChars()) {
            finer.split(text, start, end, segments);
            return;
        }
        int tokens = count(text.substring(start, end));
        if (tokens <= policy.maxTokens()) {
            segments.add(new Segment(start, end, tokens));
        } else {
            finer.split(text, start, end, segments);
        }
    }

    private void addWords(String text, int start, int end, List<Segment> segments) {
        int wordStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || Character.isWhitespace(text.charAt(i))) {
                if (i > wordStart) {
                    addSpan(text, wordStart, i, segments, this::addCharacterPieces);
                }
                wordStart = i + 1;
            }
        }
    }

    /**
     * Cuts a word into the longest pieces that fit, by galloping then binary search on the piece's length, so a
     * long token-dense word (a URL, a base64 blob) costs a logarithmic number of counts per piece.
     */
    private void addCharacterPieces(String text, int start, int end, List<Segment> segments) {
        int max = policy.maxTokens();
        int pos = start;
        while (pos < end) {
            // One code point is always taken, so the loop advances; a single character worth more tokens than
            // the whole budget cannot be made to fit by any cut.
            int good = pos + Character.charCount(text.codePointAt(pos));
            int bad = -1;
            // No piece is longer than the character bound, whatever it counts in tokens.
            int limit = codePointBoundary(text, Math.min(end, pos + policy.maxChars()));
            for (long step = max; good < limit; step *= 2) {
                int candidate = codePointBoundary(text, (int) Math.min(limit, pos + step));
                if (candidate <= good) {
                    continue;
                }
                if (count(text.substring(pos, candidate)) <= max) {
                    good = candidate;
                } else {
                    bad = candidate;
                    break;
                }
            }
            while (bad - good > 1) {
                int middle = codePointBoundary(text, (good + bad) >>> 1);
                if (middle <= good) {
                    break;
                }
                if (count(text.substring(pos, middle)) <= max) {
                    good = middle;
                } else {
                    bad = middle;
                }
            }
            segments.add(new Segment(pos, good, count(text.substring(pos, good))));
            pos = good;
        }
    }

    /** Moves an index that falls inside a surrogate pair back to the pair's start. */
    private static int codePointBoundary(String text, int index) {
        if (index > 0
                && index < text.length()
                && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index))) {
            return index - 1;
        }
        return index;
    }

    private List<String> pack(String text, List<Segment> segments) {
        int max = policy.maxTokens();
        List<String> chunks = new ArrayList<>();
        int from = 0;
        int next = 0;
        while (next < segments.size()) {
            long sum = 0;
            for (int i = from; i < next; i++) {
                sum += segments.get(i).tokens();
            }
            // Each chunk takes at least one new segment; the overlap gives way to it when both do not fit.
            while (from < next
                    && (sum + segments.get(next).tokens() > max
                            || segments.get(next).end() - segments.get(from).start() > policy.maxChars())) {
                sum -= segments.get(from++).tokens();
            }
            int to = next;
            sum += segments.get(to++).tokens();
            while (to < segments.size()
                    && sum + segments.get(to).tokens() <= max
                    && segments.get(to).end() - segments.get(from).start() <= policy.maxChars()) {
                sum += segments.get(to++).tokens();
            }
            // Tokens of a joined text need not add up (a tokenizer may merge across a cut), so the chunk itself
            // is measured; a single segment was measured alone and fits.
            String chunk = text.substring(
                    segments.get(from).start(), segments.get(to - 1).end());
            while (to - from > 1 && count(chunk) > max) {
                if (to - 1 > next) {
                    to--;
                } else {
                    from++;
                }
                chunk = text.substring(
                        segments.get(from).start(), segments.get(to - 1).end());
            }
            chunks.add(chunk);
            next = to;
            from = overlapStart(segments, from, to);
        }
        return chunks;
    }

    /** The first of the trailing segments of [from, to) that together fit in the overlap budget; to for none. */
    private int overlapStart(List<Segment> segments, int from, int to) {
        int start = to;
        long sum = 0;
        while (start > from && sum + segments.get(start - 1).tokens() <= policy.overlapTokens()) {
            sum += segments.get(--start).tokens();
        }
        return start;
    }

    private int count(String text) {
        return tokenCounter.applyAsInt(text);
    }
}
