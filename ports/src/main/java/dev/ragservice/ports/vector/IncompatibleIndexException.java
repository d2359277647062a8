package dev.ragservice.ports.vector;

/** The existing index holds vectors of another embedding model or dimension than the service is configured for. */
public class IncompatibleIndexException extends RuntimeException {

    public IncompatibleIndexException(String message) {
        super(message);
    }
}
