package dev.ragservice.bootstrap.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.bootstrap.config.ResilienceSettings;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard's decisions, on calls that fail as adapters report failures. */
class GuardTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(5));

    final Resilience resilience = new Resilience(
            new ResilienceSettings(
                    3,
                    Duration.ofSeconds(30),
                    2,
                    Duration.ofSeconds(5),
                    4,
                    4,
                    3,
                    Duration.ofMillis(1),
                    Duration.ofMillis(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5)),
            Clock.systemUTC());
    final Guard guard = resilience.llm();
    final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void close() {
        resilience.close();
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceeds() {
        String result = guard.call(DEADLINE, failingTimes(2, Kind.UNAVAILABLE), true);

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(guard.status().consecutiveFailures()).isZero();
    }

    @Test
    void aCallThatIsNotSafeToRepeatIsMadeOnce() {
        assertThatThrownBy(() -> guard.call(DEADLINE, failingTimes(1, Kind.UNAVAILABLE), false))
                .isInstanceOf(DependencyException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRefusedRequestIsNotRetriedAndDoesNotCountAgainstTheDependency() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> guard.call(DEADLINE, failingTimes(1, Kind.REJECTED), true))
                    .isInstanceOf(DependencyException.class)
                    .isNotInstanceOf(GuardException.class);
        }
        assertThat(calls).hasValue(5);
        assertThat(guard.status().state()).isEqualTo("closed");
        assertThat(guard.status().failures()).isZero();
    }

    @Test
    void consecutiveFailuresOpenTheBreakerWhichThenFailsFastWithTheTimeToTheNextAttempt() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guard.call(DEADLINE, failingTimes(1, Kind.UNAVAILABLE), false))
                    .isNotInstanceOf(GuardException.class);
        }

        assertThatThrownBy(() -> guard.call(DEADLINE, failingTimes(0, Kind.UNAVAILABLE), false))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GuardException.Reason.CIRCUIT_OPEN);
                    assertThat(e.retryAfter())
                            .hasValueSatisfying(after ->
                                    assertThat(after).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
                });
        assertThat(calls).hasValue(3);
        BreakerStatus status = guard.status();
        assertThat(status.state()).isEqualTo("open");
        assertThat(status.failures()).isEqualTo(3);
        assertThat(status.rejected()).isEqualTo(1);
        assertThat(status.nextAttemptAt()).isEqualTo(status.openedAt().plusSeconds(30));
        assertThat(guard.stateValue()).isEqualTo(1);
    }

    @Test
    void aSuccessBetweenFailuresKeepsTheBreakerClosed() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guard.call(DEADLINE, failingTimes(1, Kind.TIMED_OUT), false));
            assertThatThrownBy(() -> guard.call(DEADLINE, failingTimes(1, Kind.TIMED_OUT), false));
            guard.call(DEADLINE, failingTimes(0, Kind.TIMED_OUT), false);
        }
        assertThat(guard.status().state()).isEqualTo("closed");
    }

    /** A call that fails its first {@code failures} times with {@code kind}, then answers "ok". */
    private Supplier<String> failingTimes(int failures, Kind kind) {
        AtomicInteger own = new AtomicInteger();
        return () -> {
            calls.incrementAndGet();
            if (own.incrementAndGet() <= failures) {
                throw new DependencyException("fake", kind, "failure " + own.get(), null);
            }
            return "ok";
        };
    }
}
