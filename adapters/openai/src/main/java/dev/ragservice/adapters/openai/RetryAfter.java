package dev.ragservice.adapters.openai;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads how long a provider asked us to wait: {@code retry-after-ms} (milliseconds, OpenAI's own, more precise)
 * first, then {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110). A date is relative to the clock,
 * so it is injected.
 */
final class RetryAfter {

    private final Clock clock;

    RetryAfter(Clock clock) {
        this.clock = clock;
    }

    /** @param header the values of a response header by case-insensitive name */
    Optional<Duration> parse(Function<String, List<String>> header) {
        return first(header, "retry-after-ms")
                .flatMap(RetryAfter::millis)
                .or(() -> first(header, "retry-after").flatMap(this::secondsOrDate));
    }

    private static Optional<String> first(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty()
                ? Optional.empty()
                : Optional.of(values.get(0).trim());
    }

    private static Optional<Duration> millis(String value) {
        return decimal(value).flatMap(ms -> nanos(ms.movePointRight(6)));
    }

    private Optional<Duration> secondsOrDate(String value) {
        Optional<BigDecimal> seconds = decimal(value);
        if (seconds.isPresent()) {
            return seconds.flatMap(s -> nanos(s.movePointRight(9)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            // A date already past means "now", not "never".
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> nanos(BigDecimal nanos) {
        try {
            return Optional.of(
                    Duration.ofNanos(nanos.setScale(0, RoundingMode.UP).longValueExact()));
        } catch (ArithmeticException e) {
            // Beyond 292 years: not a wait anyone means.
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> decimal(String value) {
        try {
            BigDecimal parsed = new BigDecimal(value);
            return parsed.signum() < 0 ? Optional.empty() : Optional.of(parsed);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
