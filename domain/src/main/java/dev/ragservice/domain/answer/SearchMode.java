package dev.ragservice.domain.answer;

import dev.ragservice.domain.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How chunks are found: by meaning (embeddings), by words (BM25), or both fused. */
public enum SearchMode {
    VECTOR,
    KEYWORD,
    HYBRID;

    /**
     * Reads a mode in any case.
     *
     * @throws InvalidRequestException {@code invalid_mode}, listing the modes there are
     */
    public static SearchMode parse(String mode) {
        if (mode != null) {
            for (SearchMode candidate : values()) {
                if (candidate.name().equalsIgnoreCase(mode.strip())) {
                    return candidate;
                }
            }
        }
        String allowed = Arrays.stream(values())
                .map(value -> value.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new InvalidRequestException("invalid_mode", "unknown search mode '" + mode + "'; use one of: " + allowed);
    }
}
