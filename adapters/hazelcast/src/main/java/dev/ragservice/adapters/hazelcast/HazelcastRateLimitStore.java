package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Rate limits in the cluster of embedded members, shared by every replica: token buckets are Bucket4j's entry
 * processor over the map {@code rag-rate-limit-buckets}; sliding windows our {@link SlidingWindowProcessor}
 * over {@code rag-rate-limit-windows}. Both run on the key's owner, one at a time per key, so each decision is
 * atomic and costs one round trip. Every call is asynchronous and awaited for the operation timeout only.
 */
public final class HazelcastRateLimitStore implements RateLimitStore {

    /** Extra time an idle key is kept: forgetting it any sooner could only admit more than the limit. */
    private static final Duration KEEP = Duration.ofMinutes(1);

    private final HazelcastInstance member;
    private final IMap<String, byte[]> buckets;
    private final IMap<String, long[]> windows;
    private final HazelcastCalls calls;
    private final Runnable leave;

    /** @param leave what closing does: let go of the shared member */
    HazelcastRateLimitStore(HazelcastInstance member, Duration operationTimeout, Runnable leave) {
        this.member = member;
        this.buckets = member.getMap(HazelcastSettings.BUCKETS_MAP);
        this.windows = member.getMap(HazelcastSettings.WINDOWS_MAP);
        this.calls = new HazelcastCalls(operationTimeout);
        this.leave = leave;
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit, long permits, Instant now) {
        if (permits < 1 || permits > limit.capacity()) {
            throw new IllegalArgumentException("permits must be within 1.." + limit.capacity() + ", got " + permits);
        }
        String stateKey = limit.signature() + ":" + key;
        if (limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET) {
            ConsumptionProbe probe = calls.await("token bucket",
                    () -> bucket(stateKey, limit, now).tryConsumeAndReturnRemaining(permits));
            return RateLimitDecision.ofTokenBucket(probe.isConsumed(), limit.capacity(), probe.getRemainingTokens(),
                    probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
        }
        long[] reply = calls.await("sliding window", () -> windows.submitToKey(stateKey,
                processor(false, limit, permits, now)));
        return SlidingWindowProcessor.decision(limit.capacity(), reply);
    }

    @Override
    public void adjust(String key, RateLimit limit, long permits, Instant now) {
        if (permits == 0) {
            return;
        }
        String stateKey = limit.signature() + ":" + key;
        if (limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            calls.await("sliding window", () -> windows.submitToKey(stateKey, processor(true, limit, permits, now)));
        } else if (permits > 0) {
            calls.await("token bucket", () -> bucket(stateKey, limit, now).consumeIgnoringRateLimits(permits));
        } else {
            calls.await("token bucket", () -> bucket(stateKey, limit, now).addTokens(-permits));
        }
    }

    @Override
    public boolean isAvailable() {
        return calls.answers(member, windows, "rag-rate-limit-probe");
    }

    @Override
    public void close() {
        leave.run();
    }

    private static SlidingWindowProcessor processor(boolean adjust, RateLimit limit, long permits, Instant now) {
        return new SlidingWindowProcessor(adjust, limit.capacity(), limit.period().toMillis(), permits,
                now.toEpochMilli(), KEEP.toMillis());
    }

    /** A proxy whose clock is this call's {@code now}; building one is cheap (it wraps the map). */
    private AsyncBucketProxy bucket(String key, RateLimit limit, Instant now) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.refillTokens(), limit.period())
                        .initialTokens(limit.capacity())
                        .build())
                .build();
        return Bucket4jHazelcast.entryProcessorBasedBuilder(buckets)
                .clientClock(new FixedTime(now))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP))
                .build()
                .asAsync()
                .getProxy(key, () -> CompletableFuture.completedFuture(configuration));
    }

    /** Bucket4j's client-side clock, stopped at the caller's {@code now}. */
    private record FixedTime(Instant now) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
