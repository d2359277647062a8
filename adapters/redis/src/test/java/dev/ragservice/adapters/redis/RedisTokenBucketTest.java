package dev.ragservice.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token-bucket script decides exactly as Bucket4j's bucket, which the in-process store runs: every decision of
 * a seeded random run of attempts, settlements and pauses is compared, field by field. And it runs by digest.
 */
class RedisTokenBucketTest {

    private static RedisServer server;
    private static RateLimitStore store;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        store = new RedisRateLimitStoreProvider()
                .create(PluginConfig.of(Map.of("REDIS_URL", server.url(), "REDIS_TIMEOUT_MS", "2000")));
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void decidesExactlyAsBucket4j(long seed) {
        Random random = new Random(seed);
        RateLimit limit = randomLimit(random);
        String key = "reference:" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ReferenceBucket reference = new ReferenceBucket(limit, now);
        for (int step = 0; step < 60; step++) {
            now = now.plusMillis(
                    random.nextInt(4) == 0
                            ? 0
                            : random.nextLong(2 * limit.period().toMillis()));
            int kind = random.nextInt(6);
            if (kind == 0) {
                long taken = 1 + random.nextLong(2 * limit.capacity());
                store.adjust(key, limit, taken, now);
                reference.adjust(taken, now);
            } else if (kind == 1) {
                long given = 1 + random.nextLong(2 * limit.capacity());
                store.adjust(key, limit, -given, now);
                reference.adjust(-given, now);
            } else {
                long permits = 1 + random.nextLong(limit.capacity());
                assertThat(store.tryAcquire(key, limit, permits, now))
                        .as("seed %d, step %d: %d permits under %s", seed, step, permits, limit)
                        .isEqualTo(reference.tryAcquire(permits, now));
            }
        }
    }

    @Test
    void aBucketIsKeptAMinuteAfterItWouldBeFullAgain() {
        RateLimit limit = RateLimit.tokenBucket(10, 1, Duration.ofSeconds(2));
        String key = "ttl:" + UUID.randomUUID();
        Instant now = Instant.now();
        assertThat(store.tryAcquire(key, limit, 10, now).allowed()).isTrue();

        long ttl = Long.parseLong(server.command("PTTL", "ratelimit:bucket:" + limit.signature() + ":" + key)
                .substring(1));

        // Empty: 20 s to refill, plus the minute; Redis counts down from the moment it was written.
        assertThat(ttl).isBetween(80_000L - 5_000, 80_000L);
    }

    @Test
    void scriptsRunByDigestAndAreSentAgainWhenRedisForgotThem() {
        RateLimit limit = RateLimit.tokenBucket(5, 5, Duration.ofMinutes(1));
        String key = "digest:" + UUID.randomUUID();
        Instant now = Instant.now();
        store.tryAcquire(key, limit, 1, now);
        server.command("SCRIPT", "FLUSH");
        server.command("CONFIG", "RESETSTAT");

        for (int i = 0; i < 5; i++) {
            assertThat(store.tryAcquire(key, limit, 1, now).remaining()).isEqualTo(Math.max(0, 3 - i));
        }

        // The first call after the flush found no script and sent it once; every other call sent only its digest.
        assertThat(server.infoField("commandstats", "cmdstat_eval")).isEqualTo(1);
        assertThat(server.infoField("commandstats", "cmdstat_evalsha")).isEqualTo(5);
    }

    /** Small and large limits, per-minute ones (as RATE_LIMIT_RPM and _TPM make) and odd refill rates. */
    private static RateLimit randomLimit(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> RateLimit.tokenBucket(1 + random.nextInt(150), 1 + random.nextInt(120), Duration.ofMinutes(1));
            case 1 -> RateLimit.tokenBucket(100_000, 100_000, Duration.ofMinutes(1));
            default ->
                RateLimit.tokenBucket(
                        1 + random.nextInt(20), 1 + random.nextInt(20), Duration.ofMillis(10 + random.nextInt(5_000)));
        };
    }

    /** Bucket4j's bucket, whose clock is the {@code now} of each call, as the in-process store builds it. */
    private static final class ReferenceBucket implements TimeMeter {

        private final RateLimit limit;
        private final LocalBucket bucket;
        private long nowNanos;

        ReferenceBucket(RateLimit limit, Instant created) {
            this.limit = limit;
            this.nowNanos = nanos(created);
            this.bucket = Bucket.builder()
                    .addLimit(Bandwidth.builder()
                            .capacity(limit.capacity())
                            .refillGreedy(limit.refillTokens(), limit.period())
                            .initialTokens(limit.capacity())
                            .build())
                    .withCustomTimePrecision(this)
                    .build();
        }

        RateLimitDecision tryAcquire(long permits, Instant now) {
            nowNanos = nanos(now);
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(permits);
            return RateLimitDecision.ofTokenBucket(
                    probe.isConsumed(),
                    limit.capacity(),
                    probe.getRemainingTokens(),
                    probe.getNanosToWaitForRefill(),
                    probe.getNanosToWaitForReset());
        }

        void adjust(long permits, Instant now) {
            nowNanos = nanos(now);
            if (permits > 0) {
                bucket.consumeIgnoringRateLimits(permits);
            } else {
                bucket.addTokens(-permits);
            }
        }

        @Override
        public long currentTimeNanos() {
            return nowNanos;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }

        private static long nanos(Instant instant) {
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
    }
}
