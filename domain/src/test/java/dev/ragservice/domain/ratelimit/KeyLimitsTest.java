package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.access.KeyLimits;
import dev.ragservice.domain.access.NamespaceGrant;
import dev.ragservice.domain.access.Scope;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.fakes.ManualClock;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key's own limits replace the service's, and its daily budget is reserved and settled like its minute. */
class KeyLimitsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T22:00:00Z"));
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    /** The service's: 100 requests a minute (burst 100), 1000 tokens a minute. */
    private final RateLimiter limiter = new RateLimiter(
            store,
            new RateLimitPolicy(true, RateLimit.Algorithm.TOKEN_BUCKET, 100, 100, Duration.ofMinutes(1), 1000, true),
            clock,
            RateLimitListener.NONE);

    @Test
    void aKeysOwnRequestRateReplacesTheServicesAndFollowsItsIdWhateverItsSecret() {
        Caller slow = caller("slow", new KeyLimits(OptionalLong.of(2), OptionalLong.empty(), OptionalLong.empty()));
        limiter.admitRequest(slow);
        limiter.admitRequest(slow);
        assertThatThrownBy(() -> limiter.admitRequest(slow)).isInstanceOf(RateLimitExceededException.class);
        assertThat(limiter.admitRequest(caller("fast", KeyLimits.NONE)))
                .as("another key, the service's limit")
                .isPresent();
    }

    @Test
    void theDailyBudgetRefusesWithItsOwnCodeUntilMidnightUtcAndGivesTheMinuteBack() {
        Caller budgeted =
                caller("budgeted", new KeyLimits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1500)));
        limiter.settle(limiter.reserveTokens(budgeted, 900), 900);
        clock.advance(Duration.ofMinutes(2));
        limiter.settle(limiter.reserveTokens(budgeted, 500), 500);
        clock.advance(Duration.ofMinutes(2));

        assertThatThrownBy(() -> limiter.reserveTokens(budgeted, 200))
                .isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LimitKind.BUDGET);
                    assertThat(e.code()).isEqualTo("budget_exceeded");
                    assertThat(e.decision().retryAfter()).isEqualTo(Duration.ofMinutes(116));
                });
        assertThat(limiter.reserveTokens(budgeted, 100).reserved())
                .as("what is left of the day")
                .isEqualTo(100);
        // The refused reservation's minute tokens came back: a key of the same minute allowance is not charged.
        clock.advance(Duration.ofMinutes(116));
        assertThat(limiter.reserveTokens(budgeted, 1000).reserved())
                .as("a new UTC day")
                .isEqualTo(1000);
    }

    @Test
    void aSettlementBelowTheEstimateGivesTheDayItsTokensBack() {
        Caller budgeted =
                caller("frugal", new KeyLimits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1000)));
        TokenReservation reservation = limiter.reserveTokens(budgeted, 1000);
        limiter.settle(reservation, 100);
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.reserveTokens(budgeted, 900).reserved()).isEqualTo(900);
    }

    private static Caller caller(String id, KeyLimits limits) {
        return Caller.of(new ApiKey(id, ApiKey.hash("rag_" + id), Set.of(Scope.QUERY), NamespaceGrant.ALL, limits));
    }
}
