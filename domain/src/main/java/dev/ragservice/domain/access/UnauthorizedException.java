package dev.ragservice.domain.access;

import dev.ragservice.domain.DomainException;

/** No key, or one the service does not know (HTTP 401 with {@code WWW-Authenticate: Bearer}). */
public class UnauthorizedException extends DomainException {

    public UnauthorizedException(String message) {
        super("unauthorized", message);
    }
}
