package dev.ragservice.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How CACM documents are named. The archive's files are {@code CACM-0001.html} .. {@code CACM-3204.html}, but
 * the judgments spell ids without leading zeros ({@code CACM-115}), so the two spellings differ for documents 1
 * to 999.
 */
public enum CacmDocumentIds {
    /** {@code CACM-115}: as the judgments spell them, so every judgment can match. The default. */
    QRELS,
    /**
     * {@code CACM-0115}: the file name, as Anserini's {@code HtmlCollection} names documents. 55 of the 796
     * judgments then name no document, which is part of Anserini's published numbers; use it to compare with them.
     */
    FILES;

    static final String PREFIX = "CACM-";

    /** The id of the document in the file {@code CACM-<digits>.html}. */
    String of(String fileName) {
        String stem = fileName.replaceFirst("\\.html$", "");
        if (!stem.matches(PREFIX + "[0-9]+")) {
            throw new IllegalArgumentException("unexpected CACM file name '" + fileName + "'");
        }
        return this == FILES ? stem : PREFIX + Integer.parseInt(stem.substring(PREFIX.length()));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CacmDocumentIds parse(String name) {
        for (CacmDocumentIds ids : values()) {
            if (ids.label().equalsIgnoreCase(name.strip())) {
                return ids;
            }
        }
        throw new IllegalArgumentException("unknown CACM id spelling '" + name + "'; use one of: "
                + Arrays.stream(values()).map(CacmDocumentIds::label).collect(Collectors.joining(", ")));
    }
}
