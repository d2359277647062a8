package dev.ragservice.domain.cache;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes cached answers, remembering the last ones decoded. A popular answer is read from the cache again and
 * again, and decoding it was a large part of a hit; found by the bytes' content, a remembered answer is exactly
 * what decoding those bytes would give, whichever backend returned them. At most {@link #MAX_ENTRIES} are kept,
 * all dropped at once when full: the answers still asked for come back on their next hit.
 */
final class RecentAnswers {

    static final int MAX_ENTRIES = 256;

    private final Map<Bytes, CachedAnswer> decoded = new ConcurrentHashMap<>();

    /** As {@link CacheCodec#decodeAnswer}: empty for a value of another format, throws for a corrupt one. */
    Optional<CachedAnswer> decode(byte[] bytes) {
        Bytes key = new Bytes(bytes);
        CachedAnswer answer = decoded.get(key);
        if (answer != null) {
            return Optional.of(answer);
        }
        Optional<CachedAnswer> fresh = CacheCodec.decodeAnswer(bytes);
        fresh.ifPresent(value -> {
            if (decoded.size() >= MAX_ENTRIES) {
                decoded.clear();
            }
            decoded.put(key, value);
        });
        return fresh;
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
