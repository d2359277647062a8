package dev.ragservice.bootstrap.plugins;

/** The service cannot start as configured; the message tells the operator what to change. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
