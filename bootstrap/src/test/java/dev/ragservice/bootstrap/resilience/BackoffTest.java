package dev.ragservice.bootstrap.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffTest {

    final Backoff backoff = new Backoff(5, Duration.ofMillis(200), Duration.ofSeconds(5));

    @Property
    void theDelayDoublesWithJitterBetweenHalfAndAllOfItAndNeverPassesTheCap(
            @ForAll @IntRange(min = 1, max = 64) int failedAttempt, @ForAll long seed) {
        long full = Math.min(200L << Math.min(failedAttempt - 1, 30), 5000);

        Duration delay = backoff.delay(failedAttempt, Optional.empty(), new Random(seed));

        assertThat(delay.toMillis()).isBetween(full / 2, full);
    }

    @Property
    void aRetryAfterIsWhatWeWait(@ForAll @IntRange(min = 1, max = 10) int failedAttempt,
                                 @ForAll @LongRange(min = 0, max = 600_000) long retryAfterMs) {
        Duration delay = backoff.delay(failedAttempt, Optional.of(Duration.ofMillis(retryAfterMs)), new Random(1));

        assertThat(delay).isEqualTo(Duration.ofMillis(retryAfterMs));
    }
}
