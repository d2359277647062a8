package dev.ragservice.domain.ratelimit;

/**
 * Told about every refusal and every store failure, so bootstrap can count them. Implementations must be fast
 * and must not throw: they run on the request path.
 */
public interface RateLimitListener {

    RateLimitListener NONE = new RateLimitListener() {
        @Override
        public void limited(LimitKind kind) {}

        @Override
        public void storeError(RuntimeException e) {}
    };

    void limited(LimitKind kind);

    /** The store failed; the policy then admitted the request (fail open) or refused it. */
    void storeError(RuntimeException e);
}
