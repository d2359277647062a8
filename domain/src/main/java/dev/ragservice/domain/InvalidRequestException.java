package dev.ragservice.domain;

/** The client asked for something malformed or impossible; repeating the same request cannot succeed. */
public class InvalidRequestException extends DomainException {

    public InvalidRequestException(String code, String message) {
        super(code, message);
    }
}
