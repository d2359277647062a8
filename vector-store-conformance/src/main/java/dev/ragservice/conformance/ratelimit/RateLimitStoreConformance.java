package dev.ragservice.conformance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The conformance kit of the {@link RateLimitStore} port: every store, built in or third party, extends this
 * class in its tests and returns its store from {@link #store()} (one store for the whole class; every try uses
 * keys of its own). Time is driven by the kit through the {@code now} argument, starting near the real time, so
 * nothing here waits.
 *
 * <p>Sliding windows must decide exactly as the reference {@link SlidingWindowLog}; token buckets must keep the
 * bucket's bound (never more than the burst plus the refill since the start), refill, tell a truthful
 * {@code retryAfter}, and settle adjustments as {@link RateLimitStore#adjust} says.
 */
public abstract class RateLimitStoreConformance {

    /** One attempt (permits > 0) or adjustment after a pause of {@code advanceMillis}. */
    public record Step(long advanceMillis, long permits, boolean adjust) {
    }

    protected abstract RateLimitStore store();

    @Property(tries = 60)
    void slidingWindowDecidesExactlyAsTheReferenceLog(
            @ForAll @IntRange(min = 1, max = 8) int limit,
            @ForAll @LongRange(min = 5, max = 2_000) long windowMillis,
            @ForAll("steps") List<Step> steps) {
        RateLimit rateLimit = RateLimit.slidingWindow(limit, Duration.ofMillis(windowMillis));
        String key = newKey();
        Instant now = start();
        SlidingWindowLog reference = SlidingWindowLog.EMPTY;
        for (Step step : steps) {
            now = now.plusMillis(step.advanceMillis() % (2 * windowMillis));
            long permits = 1 + (Math.abs(step.permits()) - 1) % limit;
            if (step.adjust()) {
                long signed = step.permits() < 0 ? -permits : permits;
                store().adjust(key, rateLimit, signed, now);
                reference = reference.adjust(rateLimit, signed, now.toEpochMilli());
            } else {
                SlidingWindowLog.Outcome expected = reference.tryAcquire(rateLimit, permits, now.toEpochMilli());
                reference = expected.log();
                assertThat(store().tryAcquire(key, rateLimit, permits, now))
                        .as("%s permits at +%d ms", permits, now.toEpochMilli() - start().toEpochMilli())
                        .isEqualTo(expected.decision());
            }
        }
    }

    @Property(tries = 60)
    void slidingWindowNeverAdmitsMoreThanTheLimitWithinAnyWindow(
            @ForAll @IntRange(min = 1, max = 8) int limit,
            @ForAll @LongRange(min = 5, max = 2_000) long windowMillis,
            @ForAll("steps") List<Step> steps) {
        RateLimit rateLimit = RateLimit.slidingWindow(limit, Duration.ofMillis(windowMillis));
        String key = newKey();
        Instant now = start();
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
                    .mapToLong(grant -> grant[1]).sum();
            assertThat(inWindow).as("permits in the window ending at %d", end[0]).isLessThanOrEqualTo(limit);
        }
    }

    @Property(tries = 60)
    void tokenBucketAdmitsAtMostTheBurstPlusTheRefillSinceTheStart(
            @ForAll @IntRange(min = 1, max = 20) int burst,
            @ForAll @IntRange(min = 1, max = 20) int refill,
            @ForAll @LongRange(min = 10, max = 5_000) long periodMillis,
            @ForAll("steps") List<Step> steps) {
        RateLimit rateLimit = RateLimit.tokenBucket(burst, refill, Duration.ofMillis(periodMillis));
        String key = newKey();
        Instant start = start();
        Instant now = start;
        long admitted = 0;
        for (Step step : steps) {
            now = now.plusMillis(step.advanceMillis() % periodMillis);
            long permits = 1 + (Math.abs(step.permits()) - 1) % burst;
            RateLimitDecision decision = store().tryAcquire(key, rateLimit, permits, now);
            if (decision.allowed()) {
                admitted += permits;
            }
            long elapsed = now.toEpochMilli() - start.toEpochMilli();
            // admitted <= burst + refill * elapsed / period, kept in whole numbers
            assertThat(admitted * periodMillis).as("permits admitted after %d ms", elapsed)
                    .isLessThanOrEqualTo(burst * periodMillis + refill * elapsed);
            assertThat(decision.limit()).isEqualTo(burst);
        }
    }

    @Property(tries = 60)
    void tokenBucketIsFullAgainOnceItHadTimeToRefill(
            @ForAll @IntRange(min = 1, max = 20) int burst,
            @ForAll @IntRange(min = 1, max = 20) int refill,
            @ForAll @LongRange(min = 10, max = 5_000) long periodMillis,
            @ForAll("steps") List<Step> steps) {
        RateLimit rateLimit = RateLimit.tokenBucket(burst, refill, Duration.ofMillis(periodMillis));
        String key = newKey();
        Instant now = start();
        for (Step step : steps) {
            now = now.plusMillis(step.advanceMillis() % periodMillis);
            store().tryAcquire(key, rateLimit, 1 + (Math.abs(step.permits()) - 1) % burst, now);
        }
        Instant refilled = now.plusMillis(Math.ceilDiv(burst * periodMillis, refill));
        RateLimitDecision full = store().tryAcquire(key, rateLimit, burst, refilled);
        assertThat(full.allowed()).as("the whole burst after a full refill").isTrue();
        assertThat(full.remaining()).isZero();
    }

    @Property(tries = 60)
    void aRefusedAttemptTakesNothingAndSucceedsAfterRetryAfter(
            @ForAll boolean slidingWindow,
            @ForAll @IntRange(min = 1, max = 10) int capacity,
            @ForAll @IntRange(min = 1, max = 10) int refill,
            @ForAll @LongRange(min = 10, max = 5_000) long periodMillis,
            @ForAll("steps") List<Step> steps) {
        RateLimit rateLimit = slidingWindow
                ? RateLimit.slidingWindow(capacity, Duration.ofMillis(periodMillis))
                : RateLimit.tokenBucket(capacity, refill, Duration.ofMillis(periodMillis));
        String key = newKey();
        Instant now = start();
        for (Step step : steps) {
            now = now.plusMillis(step.advanceMillis() % periodMillis);
            long permits = 1 + (Math.abs(step.permits()) - 1) % capacity;
            RateLimitDecision first = store().tryAcquire(key, rateLimit, permits, now);
            if (!first.allowed()) {
                assertThat(first.retryAfter()).isPositive();
                RateLimitDecision again = store().tryAcquire(key, rateLimit, permits, now);
                assertThat(again).as("a refused attempt must not change the state").isEqualTo(first);
                Instant retry = now.plus(first.retryAfter());
                assertThat(store().tryAcquire(key, rateLimit, permits, retry).allowed())
                        .as("the same attempt after Retry-After (%s)", first.retryAfter()).isTrue();
                now = retry;
            } else {
                assertThat(first.remaining()).isLessThanOrEqualTo(capacity - permits);
            }
        }
    }

    @Property(tries = 30)
    void keysAreIndependent(@ForAll boolean slidingWindow, @ForAll @IntRange(min = 1, max = 50) int capacity) {
        RateLimit rateLimit = limit(slidingWindow, capacity);
        String exhausted = newKey();
        String other = newKey();
        Instant now = start();
        assertThat(store().tryAcquire(exhausted, rateLimit, capacity, now).allowed()).isTrue();
        assertThat(store().tryAcquire(exhausted, rateLimit, 1, now).allowed()).isFalse();
        RateLimitDecision fresh = store().tryAcquire(other, rateLimit, capacity, now);
        assertThat(fresh.allowed()).as("another key is untouched").isTrue();
        assertThat(fresh.remaining()).isZero();
    }

    @Property(tries = 30)
    void adjustTakesIntoDebtAndGivesBack(@ForAll boolean slidingWindow,
                                         @ForAll @IntRange(min = 1, max = 50) int capacity,
                                         @ForAll @IntRange(min = 1, max = 50) int taken,
                                         @ForAll @IntRange(min = 1, max = 100) int extra) {
        RateLimit rateLimit = limit(slidingWindow, capacity);
        long first = Math.min(taken, capacity);
        String key = newKey();
        Instant now = start();
        assertThat(store().tryAcquire(key, rateLimit, first, now).allowed()).isTrue();

        store().adjust(key, rateLimit, extra, now);
        RateLimitDecision inDebt = store().tryAcquire(key, rateLimit, 1, now);
        assertThat(inDebt.allowed()).as("extra permits are taken even beyond the capacity")
                .isEqualTo(first + extra < capacity);
        assertThat(inDebt.remaining()).isEqualTo(Math.max(0, capacity - first - extra - (inDebt.allowed() ? 1 : 0)));

        store().adjust(key, rateLimit, -(first + extra + 1), now);
        assertThat(store().tryAcquire(key, rateLimit, capacity, now).allowed())
                .as("everything given back: the whole capacity is there again, and no more").isTrue();
        assertThat(store().tryAcquire(key, rateLimit, 1, now).allowed()).isFalse();
    }

    @Property(tries = 20)
    void givingBackNeverOverfills(@ForAll boolean slidingWindow, @ForAll @IntRange(min = 1, max = 50) int capacity,
                                  @ForAll @IntRange(min = 1, max = 100) int returned) {
        RateLimit rateLimit = limit(slidingWindow, capacity);
        String key = newKey();
        Instant now = start();
        store().adjust(key, rateLimit, -returned, now);
        RateLimitDecision all = store().tryAcquire(key, rateLimit, capacity, now);
        assertThat(all.allowed()).isTrue();
        assertThat(all.remaining()).isZero();
        assertThat(store().tryAcquire(key, rateLimit, 1, now).allowed()).isFalse();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Long> advance = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 10_000));
        Arbitrary<Long> permits = Arbitraries.longs().between(-50, 50).filter(p -> p != 0);
        Arbitrary<Boolean> adjust = Arbitraries.integers().between(0, 5).map(i -> i == 0);
        return Combinators.combine(advance, permits, adjust).as(Step::new).list().ofMaxSize(40);
    }

    /** Long enough that a minute of real time cannot expire anything the kit still reads. */
    private static RateLimit limit(boolean slidingWindow, int capacity) {
        return slidingWindow ? RateLimit.slidingWindow(capacity, Duration.ofMinutes(1))
                : RateLimit.tokenBucket(capacity, 1, Duration.ofMinutes(10));
    }

    private static String newKey() {
        return "conformance:" + UUID.randomUUID();
    }

    /** Near the real time (stores may forget idle keys by real time), whole milliseconds. */
    private static Instant start() {
        return START;
    }

    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MILLIS);
}
