package dev.ragservice.conformance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.SlidingWindowLog;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The conformance kit of the {@link RateLimitStore} port: every store, built in or third party, extends this
 * class in its tests and returns its store from {@link #store()} (one store for the whole class; every example
 * uses keys of its own). Time is driven by the kit through the {@code now} argument, starting near the real time,
 * so nothing here waits.
 *
 * <p>Sliding windows must decide exactly as the reference {@link SlidingWindowLog}; token buckets must keep the
 * bucket's bound (never more than the burst plus the refill since the start), refill, tell a truthful
 * {@code retryAfter}, and settle adjustments as {@link RateLimitStore#adjust} says.
 *
 * <p>The properties run on QuickTheories, which tries the simplest, the smallest and the largest inputs first,
 * then random ones, and shrinks a failure to a small example; a failure reports the seed that reproduces it
 * ({@code -DQT_SEED=...}).
 */
public abstract class RateLimitStoreConformance {

    /** One attempt (permits > 0) or adjustment after a pause of {@code advanceMillis}. */
    public record Step(long advanceMillis, long permits, boolean adjust) {}

    /** Near the real time (stores may forget idle keys by real time), whole milliseconds. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract RateLimitStore store();

    @Test
    void slidingWindowDecidesExactlyAsTheReferenceLog() {
        qt().withExamples(60)
                .forAll(integers().between(1, 8), longs().between(5, 2_000), steps())
                .checkAssert((limit, windowMillis, steps) -> {
                    RateLimit rateLimit = RateLimit.slidingWindow(limit, Duration.ofMillis(windowMillis));
                    String key = newKey();
                    Instant now = START;
                    SlidingWindowLog reference = SlidingWindowLog.EMPTY;
                    for (Step step : steps) {
                        now = now.plusMillis(step.advanceMillis() % (2 * windowMillis));
                        long permits = 1 + (Math.abs(step.permits()) - 1) % limit;
                        if (step.adjust()) {
                            long signed = step.permits() < 0 ? -permits : permits;
                            store().adjust(key, rateLimit, signed, now);
                            reference = reference.adjust(rateLimit, signed, now.toEpochMilli());
                        } else {
                            SlidingWindowLog.Outcome expected =
                                    reference.tryAcquire(rateLimit, permits, now.toEpochMilli());
                            reference = expected.log();
                            assertThat(store().tryAcquire(key, rateLimit, permits, now))
                                    .as("%s permits at +%d ms", permits, now.toEpochMilli() - START.toEpochMilli())
                                    .isEqualTo(expected.decision());
                        }
                    }
                });
    }

    @Test
    void slidingWindowNeverAdmitsMoreThanTheLimitWithinAnyWindow() {
        qt().withExamples(60)
                .forAll(integers().between(1, 8), longs().between(5, 2_000), steps())
                .checkAssert((limit, windowMillis, steps) -> {
                    RateLimit rateLimit = RateLimit.slidingWindow(limit, Duration.ofMillis(windowMillis));
                    String key = newKey();
                    Instant now = START;
                    List<long[]> admitted = new ArrayList<>();
                    for (Step step : steps) {
                        now = now.plusMillis(step.advanceMillis() % windowMillis);
                        long permits = 1 + (Math.abs(step.permits()) - 1) % limit;
                        if (store().tryAcquire(key, rateLimit, permits, now).allowed()) {
                            admitted.add(new long[] {now.toEpochMilli(), permits});
                        }
                    }
                    for (long[] end : admitted) {
                        long inWindow = admitted.stream()
                                .filter(grant -> grant[0] <= end[0] && grant[0] > end[0] - windowMillis)
                                .mapToLong(grant -> grant[1])
                                .sum();
                        assertThat(inWindow)
                                .as("permits in the window ending at %d", end[0])
                                .isLessThanOrEqualTo(limit);
                    }
                });
    }

    @Test
    void tokenBucketAdmitsAtMostTheBurstPlusTheRefillSinceTheStart() {
        qt().withExamples(60).forAll(tokenBuckets(), steps()).checkAssert((rateLimit, steps) -> {
            long burst = rateLimit.capacity();
            long refill = rateLimit.refillTokens();
            long periodMillis = rateLimit.period().toMillis();
            String key = newKey();
            Instant now = START;
            long admitted = 0;
            for (Step step : steps) {
                now = now.plusMillis(step.advanceMillis() % periodMillis);
                long permits = 1 + (Math.abs(step.permits()) - 1) % burst;
                RateLimitDecision decision = store().tryAcquire(key, rateLimit, permits, now);
                if (decision.allowed()) {
                    admitted += permits;
                }
                long elapsed = now.toEpochMilli() - START.toEpochMilli();
                // admitted <= burst + refill * elapsed / period, kept in whole numbers
                assertThat(admitted * periodMillis)
                        .as("permits admitted after %d ms", elapsed)
                        .isLessThanOrEqualTo(burst * periodMillis + refill * elapsed);
                assertThat(decision.limit()).isEqualTo(burst);
            }
        });
    }

    @Test
    void tokenBucketIsFullAgainOnceItHadTimeToRefill() {
        qt().withExamples(60).forAll(tokenBuckets(), steps()).checkAssert((rateLimit, steps) -> {
            long burst = rateLimit.capacity();
            long periodMillis = rateLimit.period().toMillis();
            String key = newKey();
            Instant now = START;
            for (Step step : steps) {
                now = now.plusMillis(step.advanceMillis() % periodMillis);
                store().tryAcquire(key, rateLimit, 1 + (Math.abs(step.permits()) - 1) % burst, now);
            }
            Instant refilled = now.plusMillis(Math.ceilDiv(burst * periodMillis, rateLimit.refillTokens()));
            RateLimitDecision full = store().tryAcquire(key, rateLimit, burst, refilled);
            assertThat(full.allowed()).as("the whole burst after a full refill").isTrue();
            assertThat(full.remaining()).isZero();
        });
    }

    @Test
    void aRefusedAttemptTakesNothingAndSucceedsAfterRetryAfter() {
        Gen<RateLimit> limits = booleans()
                .all()
                .zip(
                        integers().between(1, 10),
                        integers().between(1, 10),
                        longs().between(10, 5_000),
                        (slidingWindow, capacity, refill, periodMillis) -> slidingWindow
                                ? RateLimit.slidingWindow(capacity, Duration.ofMillis(periodMillis))
                                : RateLimit.tokenBucket(capacity, refill, Duration.ofMillis(periodMillis)));
        qt().withExamples(60).forAll(limits, steps()).checkAssert((rateLimit, steps) -> {
            long capacity = rateLimit.capacity();
            long periodMillis = rateLimit.period().toMillis();
            String key = newKey();
            Instant now = START;
            for (Step step : steps) {
                now = now.plusMillis(step.advanceMillis() % periodMillis);
                long permits = 1 + (Math.abs(step.permits()) - 1) % capacity;
                RateLimitDecision first = store().tryAcquire(key, rateLimit, permits, now);
                if (!first.allowed()) {
                    assertThat(first.retryAfter()).isPositive();
                    RateLimitDecision again = store().tryAcquire(key, rateLimit, permits, now);
                    assertThat(again)
                            .as("a refused attempt must not change the state")
                            .isEqualTo(first);
                    Instant retry = now.plus(first.retryAfter());
                    assertThat(store().tryAcquire(key, rateLimit, permits, retry)
                                    .allowed())
                            .as("the same attempt after Retry-After (%s)", first.retryAfter())
                            .isTrue();
                    now = retry;
                } else {
                    assertThat(first.remaining()).isLessThanOrEqualTo(capacity - permits);
                }
            }
        });
    }

    @Test
    void keysAreIndependent() {
        qt().withExamples(30)
                .forAll(booleans().all(), integers().between(1, 50))
                .checkAssert((slidingWindow, capacity) -> {
                    RateLimit rateLimit = limit(slidingWindow, capacity);
                    String exhausted = newKey();
                    String other = newKey();
                    assertThat(store().tryAcquire(exhausted, rateLimit, capacity, START)
                                    .allowed())
                            .isTrue();
                    assertThat(store().tryAcquire(exhausted, rateLimit, 1, START)
                                    .allowed())
                            .isFalse();
                    RateLimitDecision fresh = store().tryAcquire(other, rateLimit, capacity, START);
                    assertThat(fresh.allowed()).as("another key is untouched").isTrue();
                    assertThat(fresh.remaining()).isZero();
                });
    }

    @Test
    void adjustTakesIntoDebtAndGivesBack() {
        qt().withExamples(30)
                .forAll(
                        booleans().all(),
                        integers().between(1, 50),
                        integers().between(1, 50),
                        integers().between(1, 100))
                .checkAssert((slidingWindow, capacity, taken, extra) -> {
                    RateLimit rateLimit = limit(slidingWindow, capacity);
                    long first = Math.min(taken, capacity);
                    String key = newKey();
                    assertThat(store().tryAcquire(key, rateLimit, first, START).allowed())
                            .isTrue();

                    store().adjust(key, rateLimit, extra, START);
                    RateLimitDecision inDebt = store().tryAcquire(key, rateLimit, 1, START);
                    assertThat(inDebt.allowed())
                            .as("extra permits are taken even beyond the capacity")
                            .isEqualTo(first + extra < capacity);
                    assertThat(inDebt.remaining())
                            .isEqualTo(Math.max(0, capacity - first - extra - (inDebt.allowed() ? 1 : 0)));

                    store().adjust(key, rateLimit, -(first + extra + 1), START);
                    assertThat(store().tryAcquire(key, rateLimit, capacity, START)
                                    .allowed())
                            .as("everything given back: the whole capacity is there again, and no more")
                            .isTrue();
                    assertThat(store().tryAcquire(key, rateLimit, 1, START).allowed())
                            .isFalse();
                });
    }

    @Test
    void givingBackNeverOverfills() {
        qt().withExamples(20)
                .forAll(booleans().all(), integers().between(1, 50), integers().between(1, 100))
                .checkAssert((slidingWindow, capacity, returned) -> {
                    RateLimit rateLimit = limit(slidingWindow, capacity);
                    String key = newKey();
                    store().adjust(key, rateLimit, -returned, START);
                    RateLimitDecision all = store().tryAcquire(key, rateLimit, capacity, START);
                    assertThat(all.allowed()).isTrue();
                    assertThat(all.remaining()).isZero();
                    assertThat(store().tryAcquire(key, rateLimit, 1, START).allowed())
                            .isFalse();
                });
    }

    @Test
    void peekTellsWhatAnAttemptWouldAndTakesNothing() {
        assumeTrue(
                store().peek(newKey(), RateLimit.slidingWindow(1, Duration.ofMinutes(1)), START)
                        .isPresent(),
                "this store does not implement peek (its default answers empty)");
        qt().withExamples(40)
                .forAll(booleans().all(), integers().between(1, 8), steps())
                .checkAssert((slidingWindow, capacity, steps) -> {
                    RateLimit rateLimit = slidingWindow
                            ? RateLimit.slidingWindow(capacity, Duration.ofMillis(2_000))
                            : RateLimit.tokenBucket(capacity, 1, Duration.ofMillis(500));
                    String key = newKey();
                    Instant now = START;
                    for (Step step : steps) {
                        now = now.plusMillis(step.advanceMillis() % 3_000);
                        long permits = 1 + (Math.abs(step.permits()) - 1) % capacity;
                        if (step.adjust()) {
                            store().adjust(key, rateLimit, step.permits() < 0 ? -permits : permits, now);
                            continue;
                        }
                        RateLimitDecision seen =
                                store().peek(key, rateLimit, now).orElseThrow();
                        assertThat(store().peek(key, rateLimit, now))
                                .as("a second look sees the same: the first took nothing")
                                .contains(seen);
                        RateLimitDecision attempt = store().tryAcquire(key, rateLimit, 1, now);
                        assertThat(attempt.allowed())
                                .as("an attempt at %s after %s", now, seen)
                                .isEqualTo(seen.allowed());
                        assertThat(attempt.remaining())
                                .as("remaining after the attempt at %s, having seen %s", now, seen)
                                .isEqualTo(seen.allowed() ? seen.remaining() - 1 : seen.remaining());
                        if (!seen.allowed()) {
                            assertThat(attempt.retryAfter()).isEqualTo(seen.retryAfter());
                        }
                        store().tryAcquire(key, rateLimit, permits, now);
                    }
                });
    }

    /**
     * Up to 40 steps; half the pauses are zero (bursts at one instant), the others up to 10 s; permits are signed
     * (the sign matters to adjustments only) and never zero; about one step in six is an adjustment.
     */
    private static Gen<List<Step>> steps() {
        Gen<Long> advance = Generate.constant(0L).mix(longs().between(0, 10_000));
        Gen<Long> permits = longs().between(-50, 49).map(p -> p >= 0 ? p + 1 : p);
        Gen<Boolean> adjust = integers().between(0, 5).map(i -> i == 0);
        return lists().of(advance.zip(permits, adjust, Step::new)).ofSizeBetween(0, 40);
    }

    private static Gen<RateLimit> tokenBuckets() {
        return integers()
                .between(1, 20)
                .zip(
                        integers().between(1, 20),
                        longs().between(10, 5_000),
                        (burst, refill, periodMillis) ->
                                RateLimit.tokenBucket(burst, refill, Duration.ofMillis(periodMillis)));
    }

    /** Long enough that a minute of real time cannot expire anything the kit still reads. */
    private static RateLimit limit(boolean slidingWindow, int capacity) {
        return slidingWindow
                ? RateLimit.slidingWindow(capacity, Duration.ofMinutes(1))
                : RateLimit.tokenBucket(capacity, 1, Duration.ofMinutes(10));
    }

    private static String newKey() {
        return "conformance:" + UUID.randomUUID();
    }
}
