package dev.ragservice.domain.ratelimit;

import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * What the service limits: requests per client, and language-model tokens per client and minute; and what it
 * does when the store cannot be reached (admit, the default: a limiter outage should not become a service
 * outage; or refuse with 503).
 */
public record RateLimitPolicy(boolean enabled, RateLimit requests, RateLimit tokens, boolean failOpen) {

    public RateLimitPolicy {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * From the settings users know. A token bucket holds {@code burst} requests and refills {@code perMinute}
     * a minute; a sliding window admits {@code perMinute} scaled to its length ({@code perMinute * window / 60 s},
     * at least one) in any window. Tokens follow the same algorithm over one minute, with the whole
     * {@code tokensPerMinute} as the burst.
     */
    public static RateLimitPolicy of(boolean enabled, RateLimit.Algorithm algorithm, long perMinute, long burst,
                                     Duration window, long tokensPerMinute, boolean failOpen) {
        Duration minute = Duration.ofMinutes(1);
        return switch (algorithm) {
            case TOKEN_BUCKET -> new RateLimitPolicy(enabled, RateLimit.tokenBucket(burst, perMinute, minute),
                    RateLimit.tokenBucket(tokensPerMinute, tokensPerMinute, minute), failOpen);
            case SLIDING_WINDOW -> new RateLimitPolicy(enabled,
                    RateLimit.slidingWindow(Math.max(1, perMinute * window.toMillis() / minute.toMillis()), window),
                    RateLimit.slidingWindow(tokensPerMinute, minute), failOpen);
        };
    }

    public static RateLimitPolicy disabled() {
        return of(false, RateLimit.Algorithm.TOKEN_BUCKET, 1, 1, Duration.ofMinutes(1), 1, true);
    }
}
