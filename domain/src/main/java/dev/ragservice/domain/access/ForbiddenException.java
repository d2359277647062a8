package dev.ragservice.domain.access;

import dev.ragservice.domain.DomainException;

/** The caller is known but may not do this, or not in this namespace (HTTP 403). */
public class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super("forbidden", message);
    }
}
