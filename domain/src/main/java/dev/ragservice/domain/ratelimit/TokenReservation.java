package dev.ragservice.domain.ratelimit;

import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Tokens set aside for one language-model call before it runs, to be settled with the real usage after it.
 *
 * @param reserved  0 when nothing was reserved (limits off, an unlimited caller, or the store failed open)
 * @param perMinute the limit the tokens were taken under
 * @param budget    the day's budget they were also taken from, when the caller's key has one
 */
public record TokenReservation(ClientKey client, long reserved, RateLimit perMinute, Optional<DailyBudget> budget) {

    public static final TokenReservation NONE = new TokenReservation(
            new ClientKey("none"), 0, RateLimit.tokenBucket(1, 1, Duration.ofMinutes(1)), Optional.empty());

    /** One UTC day's budget of one key: its store key (with the date) and its limit. */
    public record DailyBudget(String key, RateLimit limit) {}

    public TokenReservation {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(perMinute, "perMinute");
        Objects.requireNonNull(budget, "budget");
    }
}
