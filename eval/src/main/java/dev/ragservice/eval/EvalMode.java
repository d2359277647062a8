package dev.ragservice.eval;

import dev.ragservice.domain.answer.SearchMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The retrieval modes under their names in the IR literature, each the search mode of {@code POST /query}. */
public enum EvalMode {
    BM25(SearchMode.KEYWORD),
    DENSE(SearchMode.VECTOR),
    HYBRID(SearchMode.HYBRID);

    private final SearchMode searchMode;

    EvalMode(SearchMode searchMode) {
        this.searchMode = searchMode;
    }

    public SearchMode searchMode() {
        return searchMode;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the modes there are */
    public static EvalMode parse(String name) {
        for (EvalMode mode : values()) {
            if (mode.label().equalsIgnoreCase(name.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; use one of: "
                + Arrays.stream(values()).map(EvalMode::label).collect(Collectors.joining(", ")));
    }
}
