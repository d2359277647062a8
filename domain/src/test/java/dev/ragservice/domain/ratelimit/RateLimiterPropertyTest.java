package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.fakes.ManualClock;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The policy's invariants over random traffic from several clients, on a clock the test drives. */
class RateLimiterPropertyTest {

    private static final int EXAMPLES = 1000;
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    /** One request of client {@code client} after a pause. */
    record Arrival(int client, long pauseMillis) {}

    /** One language-model call: what was estimated and what it really used (never more). */
    record Call(long pauseMillis, long estimate, long used) {}

    @Test
    void aSlidingWindowAdmitsNoClientMoreThanItsLimitInAnyWindow() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 120), integers().between(1, 120), arrivals())
                .checkAssert((perMinute, windowSeconds, arrivals) -> {
                    ManualClock clock = new ManualClock(START);
                    RateLimitPolicy policy = new RateLimitPolicy(
                            true,
                            RateLimit.Algorithm.SLIDING_WINDOW,
                            perMinute,
                            100,
                            Duration.ofSeconds(windowSeconds),
                            100_000,
                            true);
                    RateLimiter limiter =
                            new RateLimiter(new InMemoryRateLimitStore(), policy, clock, RateLimitListener.NONE);
                    long limit = policy.requests().capacity();
                    Map<Integer, List<Instant>> admitted = new HashMap<>();
                    for (Arrival arrival : arrivals) {
                        clock.advance(Duration.ofMillis(arrival.pauseMillis()));
                        if (admitted(limiter, "client-" + arrival.client())) {
                            admitted.computeIfAbsent(arrival.client(), c -> new ArrayList<>())
                                    .add(clock.instant());
                        }
                    }
                    for (List<Instant> times : admitted.values()) {
                        for (Instant end : times) {
                            long inWindow = times.stream()
                                    .filter(t -> !t.isAfter(end) && t.isAfter(end.minusSeconds(windowSeconds)))
                                    .count();
                            assertThat(inWindow).isLessThanOrEqualTo(limit);
                        }
                    }
                });
    }

    @Test
    void aTokenBucketAdmitsNoClientMoreThanTheBurstPlusTheRatePerMinute() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 120), integers().between(1, 50), arrivals())
                .checkAssert((perMinute, burst, arrivals) -> {
                    ManualClock clock = new ManualClock(START);
                    RateLimiter limiter = new RateLimiter(
                            new InMemoryRateLimitStore(),
                            new RateLimitPolicy(
                                    true,
                                    RateLimit.Algorithm.TOKEN_BUCKET,
                                    perMinute,
                                    burst,
                                    Duration.ofMinutes(1),
                                    100_000,
                                    true),
                            clock,
                            RateLimitListener.NONE);
                    Map<Integer, Long> admitted = new HashMap<>();
                    for (Arrival arrival : arrivals) {
                        clock.advance(Duration.ofMillis(arrival.pauseMillis()));
                        if (admitted(limiter, "client-" + arrival.client())) {
                            admitted.merge(arrival.client(), 1L, Long::sum);
                        }
                        long elapsedMillis =
                                Duration.between(START, clock.instant()).toMillis();
                        for (long count : admitted.values()) {
                            // count <= burst + perMinute * elapsed / 1 min, in whole numbers
                            assertThat(count * 60_000).isLessThanOrEqualTo(burst * 60_000L + perMinute * elapsedMillis);
                        }
                    }
                });
    }

    @Test
    void settledTokensNeverExceedTheMinutesAllowanceAndUnusedOnesComeBack() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(100, 10_000), calls())
                .checkAssert((tokensPerMinute, calls) -> {
                    ManualClock clock = new ManualClock(START);
                    RateLimiter limiter = new RateLimiter(
                            new InMemoryRateLimitStore(),
                            new RateLimitPolicy(
                                    true,
                                    RateLimit.Algorithm.SLIDING_WINDOW,
                                    60,
                                    100,
                                    Duration.ofMinutes(1),
                                    tokensPerMinute,
                                    true),
                            clock,
                            RateLimitListener.NONE);
                    ClientKey client = ClientKey.ofApiKey("sk-test");
                    List<long[]> used = new ArrayList<>();
                    for (Call call : calls) {
                        clock.advance(Duration.ofMillis(call.pauseMillis()));
                        long estimate = Math.min(call.estimate(), tokensPerMinute);
                        long spent = Math.min(call.used(), estimate);
                        long before = usedInLastMinute(used, clock.instant());
                        try {
                            TokenReservation reservation =
                                    limiter.reserveTokens(Caller.anonymous(client), call.estimate());
                            limiter.settle(reservation, spent);
                            used.add(new long[] {clock.instant().toEpochMilli(), spent});
                        } catch (RateLimitExceededException e) {
                            assertThat(e.kind()).isEqualTo(LimitKind.TOKENS);
                            assertThat(before + estimate)
                                    .as("refused only when the estimate did not fit")
                                    .isGreaterThan(tokensPerMinute);
                        }
                        assertThat(usedInLastMinute(used, clock.instant())).isLessThanOrEqualTo(tokensPerMinute);
                    }
                });
    }

    private static long usedInLastMinute(List<long[]> used, Instant now) {
        long from = now.minusSeconds(60).toEpochMilli();
        return used.stream().filter(u -> u[0] > from).mapToLong(u -> u[1]).sum();
    }

    private static boolean admitted(RateLimiter limiter, String client) {
        RateLimitExceededException refused = catchThrowableOfType(
                RateLimitExceededException.class,
                () -> limiter.admitRequest(Caller.anonymous(ClientKey.ofAddress(client))));
        if (refused != null) {
            assertThat(refused.decision().retryAfter()).isPositive();
            assertThat(refused.kind()).isEqualTo(LimitKind.REQUESTS);
        }
        return refused == null;
    }

    /** Up to 200 requests from three clients; half come with the one before, the others up to 5 s later. */
    private static Gen<List<Arrival>> arrivals() {
        Gen<Long> pauses = Generate.constant(0L).mix(longs().between(0, 5_000));
        return lists().of(integers().between(0, 2).zip(pauses, Arrival::new)).ofSizeBetween(0, 200);
    }

    private static Gen<List<Call>> calls() {
        return lists().of(longs().between(0, 20_000)
                        .zip(longs().between(1, 12_000), longs().between(0, 12_000), Call::new))
                .ofSizeBetween(0, 60);
    }
}
