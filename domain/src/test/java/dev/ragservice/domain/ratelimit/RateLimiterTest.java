package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.fakes.ManualClock;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    private final List<String> events = new ArrayList<>();
    private final RateLimitListener listener = new RateLimitListener() {
        @Override
        public void limited(LimitKind kind) {
            events.add("limited " + kind.label());
        }

        @Override
        public void storeError(RuntimeException e) {
            events.add("store error");
        }
    };

    @Test
    void theBurstIsAdmittedThenTheClientWaitsForTheRefill() {
        RateLimiter limiter = limiter(true);
        ClientKey client = ClientKey.ofApiKey("sk-one");
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admitRequest(Caller.anonymous(client)))
                    .hasValueSatisfying(d -> assertThat(d.limit()).isEqualTo(3));
        }
        RateLimitExceededException refused = (RateLimitExceededException)
                org.assertj.core.api.Assertions.catchThrowable(() -> limiter.admitRequest(Caller.anonymous(client)));
        assertThat(refused.decision().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimitExceededException.seconds(refused.decision())).isEqualTo(1);
        assertThat(events).containsExactly("limited requests");

        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.admitRequest(Caller.anonymous(client)))
                .hasValueSatisfying(d -> assertThat(d.remaining()).isZero());
        assertThat(limiter.admitRequest(Caller.anonymous(ClientKey.ofApiKey("sk-two"))))
                .as("another client")
                .isPresent();
    }

    @Test
    void aStoreOutageAdmitsEveryRequestWhenFailingOpenAndIsCounted() {
        RateLimiter limiter = limiter(true);
        store.setDown(true);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.admitRequest(Caller.anonymous(ClientKey.ofAddress("10.0.0.1"))))
                    .isEmpty();
        }
        assertThat(limiter.reserveTokens(Caller.anonymous(ClientKey.ofAddress("10.0.0.1")), 500))
                .isEqualTo(TokenReservation.NONE);
        assertThat(events).hasSize(11).containsOnly("store error");
    }

    @Test
    void aStoreOutageRefusesRequestsWhenFailingClosed() {
        RateLimiter limiter = limiter(false);
        store.setDown(true);
        assertThatThrownBy(() -> limiter.admitRequest(Caller.anonymous(ClientKey.ofAddress("10.0.0.1"))))
                .isInstanceOf(RateLimiterUnavailableException.class);
        assertThatThrownBy(() -> limiter.reserveTokens(Caller.anonymous(ClientKey.ofAddress("10.0.0.1")), 5))
                .isInstanceOf(RateLimiterUnavailableException.class);
        assertThat(events).containsExactly("store error", "store error");
    }

    @Test
    void aFailedSettlementLeavesTheEstimateStandingWithoutFailingTheCall() {
        RateLimiter limiter = limiter(true);
        TokenReservation reservation = limiter.reserveTokens(Caller.anonymous(ClientKey.ofApiKey("k")), 600);
        store.setDown(true);
        limiter.settle(reservation, 10);
        store.setDown(false);
        assertThatThrownBy(() -> limiter.reserveTokens(Caller.anonymous(ClientKey.ofApiKey("k")), 500))
                .isInstanceOf(RateLimitExceededException.class);
        assertThat(events).containsExactly("store error", "limited tokens");
    }

    @Test
    void settlingTakesOverrunsIntoDebtAndGivesUnusedTokensBack() {
        RateLimiter limiter = limiter(true);
        ClientKey client = ClientKey.ofApiKey("k");
        limiter.settle(limiter.reserveTokens(Caller.anonymous(client), 900), 100);
        assertThat(limiter.reserveTokens(Caller.anonymous(client), 900).reserved())
                .as("800 unused tokens came back")
                .isEqualTo(900);

        RateLimiter other = limiter(true);
        ClientKey heavy = ClientKey.ofApiKey("heavy");
        other.settle(other.reserveTokens(Caller.anonymous(heavy), 100), 1500);
        assertThatThrownBy(() -> other.reserveTokens(Caller.anonymous(heavy), 1))
                .as("in debt")
                .isInstanceOf(RateLimitExceededException.class);
    }

    @Test
    void anEstimateLargerThanTheWholeAllowanceIsCappedSoTheCallCanRun() {
        RateLimiter limiter = limiter(true);
        assertThat(limiter.reserveTokens(Caller.anonymous(ClientKey.ofApiKey("k")), 5_000)
                        .reserved())
                .isEqualTo(1000);
    }

    @Test
    void disabledLimitsDecideNothing() {
        RateLimiter limiter = new RateLimiter(store, RateLimitPolicy.disabled(), clock, listener);
        store.setDown(true);
        assertThat(limiter.admitRequest(Caller.anonymous(ClientKey.ofAddress("a"))))
                .isEmpty();
        assertThat(limiter.reserveTokens(Caller.anonymous(ClientKey.ofAddress("a")), 10))
                .isEqualTo(TokenReservation.NONE);
        assertThat(events).isEmpty();
    }

    @Test
    void theSlidingWindowLimitScalesThePerMinuteRateToTheWindow() {
        RateLimitPolicy policy = new RateLimitPolicy(
                true, RateLimit.Algorithm.SLIDING_WINDOW, 120, 100, Duration.ofSeconds(10), 1000, true);
        assertThat(policy.requests()).isEqualTo(RateLimit.slidingWindow(20, Duration.ofSeconds(10)));
        assertThat(policy.tokens()).isEqualTo(RateLimit.slidingWindow(1000, Duration.ofMinutes(1)));
        RateLimitDecision decision = new RateLimiter(store, policy, clock, listener)
                .admitRequest(Caller.anonymous(ClientKey.ofAddress("a")))
                .orElseThrow();
        assertThat(decision.remaining()).isEqualTo(19);
    }

    /** 60 requests a minute with a burst of 3; 1000 tokens a minute. */
    private RateLimiter limiter(boolean failOpen) {
        return new RateLimiter(
                store,
                new RateLimitPolicy(
                        true, RateLimit.Algorithm.TOKEN_BUCKET, 60, 3, Duration.ofMinutes(1), 1000, failOpen),
                clock,
                listener);
    }
}
