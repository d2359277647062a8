package dev.ragservice.domain;

/**
 * How much one request may ask of the service. They keep the memory a request needs bounded by its size, and keep
 * every input within the hard limits of the adapters (Lucene refuses more than 1,024 clauses and terms over
 * 32,766 bytes; Pinecone metadata over 40 KB), so a client's mistake is a 4xx here instead of a failure there.
 * Each has a setting ({@code MAX_*}); the defaults fit a pod with a 2 GiB heap.
 *
 * @param textsPerRequest  documents in one {@code POST /documents}
 * @param charsPerText     characters of one document
 * @param charsPerQuestion characters of one question
 * @param metadataBytes    bytes of one document's metadata, keys and values in UTF-8
 * @param metadataKeys     keys of one document's metadata
 * @param metadataKeyChars characters of one metadata key
 * @param filterClauses    conditions and listed values of one filter, all levels together
 * @param charsPerChunk    characters of one chunk, whatever its tokens (a word the tokenizer reads as one unknown
 *                         token could otherwise make a chunk of any length)
 */
public record RequestLimits(
        int textsPerRequest,
        int charsPerText,
        int charsPerQuestion,
        int metadataBytes,
        int metadataKeys,
        int metadataKeyChars,
        int filterClauses,
        int charsPerChunk) {

    public static final String TEXTS_PER_REQUEST = "MAX_TEXTS_PER_REQUEST";
    public static final String CHARS_PER_TEXT = "MAX_TEXT_CHARS";
    public static final String CHARS_PER_QUESTION = "MAX_QUESTION_CHARS";
    public static final String METADATA_BYTES = "MAX_METADATA_BYTES";
    public static final String METADATA_KEYS = "MAX_METADATA_KEYS";
    public static final String METADATA_KEY_CHARS = "MAX_METADATA_KEY_CHARS";
    public static final String FILTER_CLAUSES = "MAX_FILTER_CLAUSES";
    public static final String CHARS_PER_CHUNK = "MAX_CHUNK_CHARS";

    public static final RequestLimits DEFAULTS = new RequestLimits(1_000, 500_000, 2_000, 16_384, 64, 128, 256, 2_000);

    public RequestLimits {
        if (textsPerRequest < 1
                || charsPerText < 1
                || charsPerQuestion < 1
                || metadataBytes < 1
                || metadataKeys < 1
                || metadataKeyChars < 1
                || filterClauses < 1) {
            throw new IllegalArgumentException("every limit must be positive");
        }
        if (charsPerChunk < 32) {
            throw new IllegalArgumentException("a chunk must be allowed at least 32 characters, got " + charsPerChunk);
        }
    }
}
