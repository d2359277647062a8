package dev.ragservice.domain;

/**
 * The request asks more than a {@link RequestLimits} allows (HTTP 413); the message names the setting and its
 * value, so the client knows what to split and the operator what to raise.
 */
public class LimitExceededException extends DomainException {

    private final String setting;
    private final long limit;

    public LimitExceededException(String setting, long limit, String what) {
        super("limit_exceeded", what + "; at most " + limit + " (" + setting + ")");
        this.setting = setting;
        this.limit = limit;
    }

    /** The environment variable that sets the limit, such as {@code MAX_TEXTS_PER_REQUEST}. */
    public String setting() {
        return setting;
    }

    public long limit() {
        return limit;
    }
}
