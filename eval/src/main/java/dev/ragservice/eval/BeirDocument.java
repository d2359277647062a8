package dev.ragservice.eval;

import java.util.Objects;

/** One line of a BEIR {@code corpus.jsonl}: {@code _id}, {@code title} (may be empty) and {@code text}. */
public record BeirDocument(String id, String title, String text) {

    public BeirDocument {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        text = text == null ? "" : text;
    }

    /**
     * The text that is ingested: title and body, as BEIR's own baselines index them. The blank line keeps the
     * title a sentence of its own for the chunker.
     */
    public String fullText() {
        if (title.isBlank()) {
            return text.strip();
        }
        return text.isBlank() ? title.strip() : title.strip() + "\n\n" + text.strip();
    }

    /** Without the text: a test collection's documents have no business in logs either. */
    @Override
    public String toString() {
        return "BeirDocument[id=" + id + ", " + title.length() + "+" + text.length() + " chars]";
    }
}
