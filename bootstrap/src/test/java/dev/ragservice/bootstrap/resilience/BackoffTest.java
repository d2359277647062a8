package dev.ragservice.bootstrap.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final int EXAMPLES = 1000;

    final Backoff backoff = new Backoff(5, Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void theDelayDoublesWithJitterBetweenHalfAndAllOfItAndNeverPassesTheCap() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 64), longs().all())
                .checkAssert((failedAttempt, seed) -> {
                    long full = Math.min(200L << Math.min(failedAttempt - 1, 30), 5000);

                    Duration delay = backoff.delay(failedAttempt, Optional.empty(), new Random(seed));

                    assertThat(delay.toMillis()).isBetween(full / 2, full);
                });
    }

    @Test
    void aRetryAfterIsWhatWeWait() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 10), longs().between(0, 600_000))
                .checkAssert((failedAttempt, retryAfterMs) -> {
                    Duration delay =
                            backoff.delay(failedAttempt, Optional.of(Duration.ofMillis(retryAfterMs)), new Random(1));

                    assertThat(delay).isEqualTo(Duration.ofMillis(retryAfterMs));
                });
    }
}
