package dev.ragservice.domain.access;

import java.util.Locale;

/** What a key may do: ask questions, change documents, or everything, with every namespace. */
public enum Scope {
    /** {@code POST /query}. */
    QUERY,
    /** {@code POST /documents} and {@code DELETE /documents/{id}}. */
    INGEST,
    /** Everything: status of every namespace, metrics on the API port, health details, and the other scopes. */
    ADMIN;

    /** How keys files and messages spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a scope */
    public static Scope parse(String label) {
        for (Scope scope : values()) {
            if (scope.label().equals(label)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + label + "'; known: query, ingest, admin");
    }
}
