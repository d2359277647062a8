package dev.ragservice.eval;

import java.util.Objects;

/** One line of a BEIR {@code queries.jsonl}: {@code _id} and {@code text}. */
public record BeirQuery(String id, String text) {

    public BeirQuery {
        Objects.requireNonNull(id, "id");
        text = text == null ? "" : text;
    }
}
