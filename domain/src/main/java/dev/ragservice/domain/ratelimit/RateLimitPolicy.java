package dev.ragservice.domain.ratelimit;

import dev.ragservice.domain.access.KeyLimits;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * What the service limits: requests per client, language-model tokens per client and minute, and (for keys that
 * have one) tokens per day; and what it does when the store cannot be reached (admit, the default: a limiter
 * outage should not become a service outage; or refuse with 503). A key's own {@link KeyLimits} replace the
 * per-minute rates for that key.
 *
 * <p>A token bucket holds {@code burst} requests and refills {@code perMinute} a minute; a sliding window admits
 * {@code perMinute} scaled to its length ({@code perMinute * window / 60 s}, at least one) in any window. Tokens
 * follow the same algorithm over one minute, with the whole {@code tokensPerMinute} as the burst. A daily budget
 * counts every token of a UTC day, whatever the algorithm.
 */
public record RateLimitPolicy(
        boolean enabled,
        RateLimit.Algorithm algorithm,
        long perMinute,
        long burst,
        Duration window,
        long tokensPerMinute,
        boolean failOpen) {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    public RateLimitPolicy {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(window, "window");
    }

    public static RateLimitPolicy disabled() {
        return new RateLimitPolicy(false, RateLimit.Algorithm.TOKEN_BUCKET, 1, 1, MINUTE, 1, true);
    }

    /** The service's request limit. */
    public RateLimit requests() {
        return requests(perMinute, burst);
    }

    /** The service's tokens-per-minute limit. */
    public RateLimit tokens() {
        return tokens(tokensPerMinute);
    }

    /**
     * A key's request limit: its own rate when it has one, which also caps the burst (a key held to 2 a minute
     * must not get the service's burst of 100 at once).
     */
    public RateLimit requests(KeyLimits key) {
        return key.requestsPerMinute().isPresent()
                ? requests(
                        key.requestsPerMinute().getAsLong(),
                        Math.min(burst, key.requestsPerMinute().getAsLong()))
                : requests();
    }

    /** A key's tokens-per-minute limit: its own when it has one. */
    public RateLimit tokens(KeyLimits key) {
        return tokens(key.tokensPerMinute().orElse(tokensPerMinute));
    }

    /** The limit of one day's budget: every grant of the day's key stays in its window until the day is over. */
    public static RateLimit dailyBudget(long tokensPerDay) {
        return RateLimit.slidingWindow(tokensPerDay, DAY);
    }

    private RateLimit requests(long rate, long bucket) {
        return switch (algorithm) {
            case TOKEN_BUCKET -> RateLimit.tokenBucket(Math.max(bucket, 1), rate, MINUTE);
            case SLIDING_WINDOW ->
                RateLimit.slidingWindow(Math.max(1, rate * window.toMillis() / MINUTE.toMillis()), window);
        };
    }

    private RateLimit tokens(long rate) {
        return switch (algorithm) {
            case TOKEN_BUCKET -> RateLimit.tokenBucket(rate, rate, MINUTE);
            case SLIDING_WINDOW -> RateLimit.slidingWindow(rate, MINUTE);
        };
    }
}
