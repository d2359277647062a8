package dev.ragservice.domain;

import java.util.Objects;

/**
 * The one exception hierarchy of the domain. Bootstrap maps each subtype to an HTTP status in one place and
 * shows {@link #code()} to clients, so codes are stable snake_case identifiers that clients may branch on.
 */
public abstract class DomainException extends RuntimeException {

    private final String code;

    protected DomainException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
