package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.Nullable;
import java.time.Instant;

/**
 * A circuit breaker as {@code /status} shows it.
 *
 * @param state               closed, open or half_open
 * @param failures            failed calls since start
 * @param consecutiveFailures failed calls since the last success
 * @param rejected            calls refused without reaching the dependency (breaker open, bulkhead full)
 * @param nextAttemptAt       when an open breaker lets the next trial call through; null unless open
 */
public record BreakerStatus(
        String name,
        String state,
        long failures,
        long consecutiveFailures,
        long rejected,
        @Nullable Instant openedAt,
        @Nullable Instant nextAttemptAt) {}
