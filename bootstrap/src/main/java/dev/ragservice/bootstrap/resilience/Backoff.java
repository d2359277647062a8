package dev.ragservice.bootstrap.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: what the provider asked for (Retry-After) when it did, otherwise an
 * exponential delay with "equal jitter" (half fixed, half random), so replicas that failed together do not all
 * come back at the same instant.
 *
 * @param attempts attempts in total, the first included
 */
public record Backoff(int attempts, Duration base, Duration max) {

    /** @param failedAttempt 1 after the first attempt failed */
    public Duration delay(int failedAttempt, Optional<Duration> retryAfter, RandomGenerator random) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long exponential = base.toMillis() << Math.min(failedAttempt - 1, 30);
        long capped = Math.min(Math.max(exponential, 0), max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
