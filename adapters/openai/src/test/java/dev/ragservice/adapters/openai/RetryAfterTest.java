package dev.ragservice.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");
    private final RetryAfter retryAfter = new RetryAfter(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsDeltaSecondsWholeAndFractional() {
        assertThat(parse(Map.of("Retry-After", "20"))).contains(Duration.ofSeconds(20));
        assertThat(parse(Map.of("retry-after", "0.25"))).contains(Duration.ofMillis(250));
        assertThat(parse(Map.of("Retry-After", "0"))).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(parse(Map.of("Retry-After", "Wed, 25 Nov 2026 11:01:30 GMT")))
                .contains(Duration.ofSeconds(90));
    }

    @Test
    void aDateAlreadyPastMeansNow() {
        assertThat(parse(Map.of("Retry-After", "Wed, 25 Nov 2026 10:59:00 GMT")))
                .contains(Duration.ZERO);
    }

    @Test
    void preferOpenAisMillisecondsHeader() {
        assertThat(parse(Map.of("retry-after-ms", "1500", "Retry-After", "2"))).contains(Duration.ofMillis(1500));
        assertThat(parse(Map.of("Retry-After-Ms", "12.5"))).contains(Duration.ofNanos(12_500_000));
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(parse(Map.of())).isEmpty();
        assertThat(parse(Map.of("Retry-After", "soon"))).isEmpty();
        assertThat(parse(Map.of("Retry-After", "-5"))).isEmpty();
        assertThat(parse(Map.of("Retry-After", "1e400"))).isEmpty();
        assertThat(parse(Map.of("retry-after-ms", "later", "Retry-After", "3"))).contains(Duration.ofSeconds(3));
    }

    private Optional<Duration> parse(Map<String, String> headers) {
        // Header names are case-insensitive, as in the SDK's Headers.
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return retryAfter.parse(name -> byName.containsKey(name) ? List.of(byName.get(name)) : List.of());
    }
}
