package dev.ragservice.domain.cache;

import java.util.Arrays;
import java.util.Optional;

/**
 * Decodes cached answers, remembering the last ones decoded. A popular answer is read from the cache again and
 * again, and decoding it was a large part of a hit. Found by the bytes' content, a remembered answer is exactly
 * what decoding those bytes would give, whichever backend returned them.
 */
final class RecentAnswers {

    /** Few, as answers can be large: 100 chunks of MiniLM's window are about 70 KB of text, held twice here. */
    static final int MAX_ENTRIES = 128;

    private final RecentValues<Bytes, CachedAnswer> decoded = new RecentValues<>(MAX_ENTRIES);

    /** As {@link CacheCodec#decodeAnswer}: empty for a value of another format, throws for a corrupt one. */
    Optional<CachedAnswer> decode(byte[] bytes) {
        return Optional.ofNullable(decoded.get(
                new Bytes(bytes), key -> CacheCodec.decodeAnswer(key.value()).orElse(null)));
    }

    /** A byte array compared by content; the caller must not change it afterwards (cache values are not). */
    private record Bytes(byte[] value) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }
}
