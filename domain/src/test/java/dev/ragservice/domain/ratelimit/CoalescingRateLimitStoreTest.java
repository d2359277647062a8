package dev.ragservice.domain.ratelimit;

import static dev.ragservice.domain.ratelimit.CoalescingRateLimitStore.DEFAULT_SPARES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CoalescingRateLimitStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final int ATTEMPTS = 100;

    private final SlowStore slow = new SlowStore(new InMemoryRateLimitStore());
    private final CoalescingRateLimitStore store = new CoalescingRateLimitStore(slow);

    @Test
    void concurrentAttemptsShareCallsAndTheTokenBucketAdmitsExactlyItsCapacity() throws Exception {
        RateLimit limit = RateLimit.tokenBucket(30, 1, Duration.ofHours(1));

        List<Outcome> outcomes = attemptAtOnce("client", limit);

        assertThat(outcomes).filteredOn(Outcome::allowed).hasSize(30);
        assertThat(slow.calls).hasSizeLessThan(ATTEMPTS / 2);
        assertThat(slow.calls).anyMatch(permits -> permits > 1);
        assertThat(slow.calls)
                .as("refused attempts wait as long as one permit would")
                .contains(1L);
        assertThat(outcomes)
                .filteredOn(outcome -> !outcome.allowed())
                .allSatisfy(
                        outcome -> assertThat(outcome.decision().retryAfter()).isEqualTo(Duration.ofHours(1)));
    }

    @Test
    void aSlidingWindowAdmitsExactlyItsLimitToo() throws Exception {
        RateLimit limit = RateLimit.slidingWindow(17, Duration.ofMinutes(1));

        List<Outcome> outcomes = attemptAtOnce("client", limit);

        assertThat(outcomes).filteredOn(Outcome::allowed).hasSize(17);
        assertThat(slow.calls).hasSizeLessThan(ATTEMPTS / 2);
    }

    @Test
    void aBatchLargerThanWhatRemainsIsGrantedWhatRemains() throws Exception {
        RateLimit limit = RateLimit.tokenBucket(10, 1, Duration.ofHours(1));
        store.tryAcquire("client", limit, 8, NOW);

        List<Outcome> outcomes = attemptAtOnce("client", limit);

        assertThat(outcomes).filteredOn(Outcome::allowed).hasSize(2);
        assertThat(store.tryAcquire("client", limit, 1, NOW).allowed()).isFalse();
    }

    @Test
    void grantedAttemptsOfOneBatchSeeTheRemainingPermitsCountDown() throws Exception {
        RateLimit limit = RateLimit.tokenBucket(120, 1, Duration.ofHours(1));

        List<Outcome> outcomes = attemptAtOnce("client", limit);

        assertThat(outcomes.stream().map(outcome -> outcome.decision().remaining()))
                .doesNotHaveDuplicates()
                .allSatisfy(remaining -> assertThat(remaining).isBetween(20L, 119L));
    }

    @Test
    void aBusyClientFarFromItsLimitTakesSparesAndGivesBackWhatItDidNotUse() throws Exception {
        RateLimit limit = RateLimit.tokenBucket(1_000_000, 1, Duration.ofHours(1));

        List<Outcome> outcomes = attemptAtOnce("client", limit);

        assertThat(outcomes).allMatch(Outcome::allowed);
        assertThat(slow.calls).as("a call for a batch and its spares").anyMatch(permits -> permits > DEFAULT_SPARES);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (remainingInStore("client", limit) != 1_000_000 - ATTEMPTS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(remainingInStore("client", limit)).isEqualTo(1_000_000 - ATTEMPTS);
    }

    @Test
    void withoutSparesEveryCallAsksForItsBatchOnly() throws Exception {
        CoalescingRateLimitStore strict = new CoalescingRateLimitStore(slow, 0);
        RateLimit limit = RateLimit.tokenBucket(1_000_000, 1, Duration.ofHours(1));

        List<Outcome> outcomes = attemptAtOnce(strict, "client", limit);

        assertThat(outcomes).allMatch(Outcome::allowed);
        assertThat(slow.calls.stream().mapToLong(Long::longValue).sum()).isEqualTo(ATTEMPTS);
        assertThat(slow.calls).hasSizeLessThan(ATTEMPTS / 2);
    }

    @Test
    void twoReplicasSharingAStoreNeverAdmitMoreThanTheLimitAndRefuseEarlyByAtMostTheirSpares() throws Exception {
        RateLimit limit = RateLimit.tokenBucket(4 * DEFAULT_SPARES + 72, 1, Duration.ofHours(1));
        CoalescingRateLimitStore other = new CoalescingRateLimitStore(slow);
        List<Outcome> outcomes = new ArrayList<>();

        for (int round = 0; round < 3; round++) {
            outcomes.addAll(attemptAtOnce("client", limit));
            outcomes.addAll(attemptAtOnce(other, "client", limit));
        }

        assertThat(outcomes.stream().filter(Outcome::allowed).count())
                .isLessThanOrEqualTo(limit.capacity())
                .isGreaterThanOrEqualTo(limit.capacity() - 2L * DEFAULT_SPARES);
    }

    @Test
    void keysAndLimitsAreNeverMixed() throws Exception {
        RateLimit limit = RateLimit.tokenBucket(5, 1, Duration.ofHours(1));
        store.tryAcquire("other", limit, 5, NOW);

        assertThat(attemptAtOnce("client", limit)).filteredOn(Outcome::allowed).hasSize(5);
        assertThat(store.tryAcquire("other", limit, 1, NOW).allowed()).isFalse();
        assertThat(store.tryAcquire("client", RateLimit.tokenBucket(6, 1, Duration.ofHours(1)), 1, NOW)
                        .allowed())
                .isTrue();
    }

    @Test
    void aFailingStoreFailsEveryAttemptOfTheBatch() throws Exception {
        slow.delegate.setDown(true);

        List<Outcome> outcomes = attemptAtOnce("client", RateLimit.tokenBucket(30, 1, Duration.ofHours(1)));

        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.failure()).isInstanceOf(DependencyException.class));
        slow.delegate.setDown(false);
        assertThat(store.tryAcquire("client", RateLimit.tokenBucket(30, 1, Duration.ofHours(1)), 1, NOW)
                        .allowed())
                .isTrue();
    }

    @Test
    void attemptsForSeveralPermitsAndAdjustmentsGoStraightToTheStore() {
        RateLimit limit = RateLimit.tokenBucket(10, 1, Duration.ofHours(1));

        assertThat(store.tryAcquire("client", limit, 4, NOW).remaining()).isEqualTo(6);
        store.adjust("client", limit, 5, NOW);

        assertThat(slow.calls).containsExactly(4L);
        assertThat(store.tryAcquire("client", limit, 2, NOW).remaining()).isEqualTo(1);
    }

    /** What the store beneath holds for the key, read by taking one permit and giving it back. */
    private long remainingInStore(String key, RateLimit limit) {
        long remaining = slow.delegate.tryAcquire(key, limit, 1, NOW).remaining() + 1;
        slow.delegate.adjust(key, limit, -1, NOW);
        return remaining;
    }

    private List<Outcome> attemptAtOnce(String key, RateLimit limit) throws Exception {
        return attemptAtOnce(store, key, limit);
    }

    /** {@link #ATTEMPTS} one-permit attempts, all released at once on virtual threads. */
    private List<Outcome> attemptAtOnce(RateLimitStore store, String key, RateLimit limit) throws Exception {
        slow.calls.clear();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ATTEMPTS; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return new Outcome(store.tryAcquire(key, limit, 1, NOW), null);
                    } catch (RuntimeException e) {
                        return new Outcome(null, e);
                    }
                }));
            }
            start.countDown();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        return outcomes;
    }

    private record Outcome(RateLimitDecision decision, RuntimeException failure) {
        boolean allowed() {
            return decision != null && decision.allowed();
        }
    }

    /** A store as far away as a network round trip, which records the permits each attempt asked for. */
    private static final class SlowStore implements RateLimitStore {

        final InMemoryRateLimitStore delegate;
        final ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();

        SlowStore(InMemoryRateLimitStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
            calls.add(permits);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.tryAcquire(key, limit, permits, now);
        }

        @Override
        public void adjust(String key, RateLimit limit, long permits, Instant now) {
            delegate.adjust(key, limit, permits, now);
        }

        @Override
        public Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
            return delegate.peek(key, limit, now);
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public void close() {}
    }
}
