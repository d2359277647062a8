package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.RemoteCommand;
import io.github.bucket4j.distributed.remote.Request;
import io.github.bucket4j.distributed.remote.commands.AddTokensCommand;
import io.github.bucket4j.distributed.remote.commands.ConsumeIgnoringRateLimitsCommand;
import io.github.bucket4j.distributed.remote.commands.CreateInitialStateAndExecuteCommand;
import io.github.bucket4j.distributed.remote.commands.EstimateAbilityToConsumeCommand;
import io.github.bucket4j.distributed.remote.commands.TryConsumeAndReturnRemainingTokensCommand;
import io.github.bucket4j.distributed.versioning.Version;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rate limits in the cluster of embedded members, shared by every replica: token buckets are Bucket4j's (as the
 * in-process store has them) over the map {@code rag-rate-limit-buckets}; sliding windows our
 * {@link SlidingWindowProcessor} over {@code rag-rate-limit-windows}. Every decision and adjustment, whatever the
 * algorithm, is one entry processor run on the key's owner, one at a time per key, so it is atomic and costs one
 * round trip. Every call is asynchronous and awaited for the operation timeout only.
 *
 * <p>Bucket4j's bucket proxy sends a command that fails on a bucket it does not find, then a second one that
 * creates it: two round trips for each new client and after each expiry. Here every command travels wrapped in
 * Bucket4j's own "create if missing, then execute", through the proxy manager's one-request call, so the first
 * decision of a key costs one round trip too.
 */
public final class HazelcastRateLimitStore implements RateLimitStore {

    /** Extra time an idle key is kept: forgetting it any sooner could only admit more than the limit. */
    private static final Duration KEEP = Duration.ofMinutes(1);

    private static final ExpirationAfterWriteStrategy EXPIRY =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP);
    /** The wire format of Bucket4j's requests, as its bucket proxies use it. */
    private static final Version PROTOCOL = ClientSideConfig.getDefault().getBackwardCompatibilityVersion();

    private final HazelcastInstance member;
    private final HazelcastProxyManager<String> buckets;
    private final IMap<String, long[]> windows;
    private final HazelcastCalls calls;
    private final Runnable leave;

    /** @param leave what closing does: let go of the shared member */
    HazelcastRateLimitStore(HazelcastInstance member, Duration operationTimeout, Runnable leave) {
        this.member = member;
        IMap<String, byte[]> bucketMap = member.getMap(HazelcastSettings.BUCKETS_MAP);
        this.buckets = Bucket4jHazelcast.entryProcessorBasedBuilder(bucketMap).build();
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
            ConsumptionProbe probe =
                    bucket(stateKey, limit, new TryConsumeAndReturnRemainingTokensCommand(permits), now);
            return RateLimitDecision.ofTokenBucket(
                    probe.isConsumed(),
                    limit.capacity(),
                    probe.getRemainingTokens(),
                    probe.getNanosToWaitForRefill(),
                    probe.getNanosToWaitForReset());
        }
        long[] reply = calls.await(
                "sliding window", () -> windows.submitToKey(stateKey, processor(false, limit, permits, now)));
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
            bucket(stateKey, limit, new ConsumeIgnoringRateLimitsCommand(permits), now);
        } else {
            bucket(stateKey, limit, new AddTokensCommand(-permits), now);
        }
    }

    /** One read on the key's owner, creating nothing: a key never seen (or forgotten) is full. */
    @Override
    public Optional<RateLimitDecision> peek(String key, RateLimit limit, Instant now) {
        String stateKey = limit.signature() + ":" + key;
        if (limit.algorithm() == RateLimit.Algorithm.SLIDING_WINDOW) {
            long[] pairs = calls.await("sliding window", () -> windows.getAsync(stateKey));
            return Optional.of(SlidingWindowProcessor.decode(pairs).peek(limit, now.toEpochMilli()));
        }
        Request<EstimationProbe> request =
                new Request<>(new EstimateAbilityToConsumeCommand(1), PROTOCOL, nanos(now), EXPIRY);
        CommandResult<EstimationProbe> result =
                calls.await("token bucket", () -> buckets.executeAsync(stateKey, request));
        if (result.isBucketNotFound()) {
            return Optional.of(RateLimitDecision.allowed(limit.capacity(), limit.capacity(), Duration.ZERO));
        }
        EstimationProbe probe = result.getData();
        return Optional.of(RateLimitDecision.ofTokenBucket(
                probe.canBeConsumed(),
                limit.capacity(),
                probe.getRemainingTokens(),
                probe.getNanosToWaitForRefill(),
                limit.nanosToRefill(limit.capacity() - Math.max(0, probe.getRemainingTokens()))));
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
        return new SlidingWindowProcessor(
                adjust, limit.capacity(), limit.period().toMillis(), permits, now.toEpochMilli(), KEEP.toMillis());
    }

    /** One command on the key's bucket, created full first if it does not exist; the caller's {@code now} is its clock. */
    private <T> T bucket(String key, RateLimit limit, RemoteCommand<T> command, Instant now) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.refillTokens(), limit.period())
                        .initialTokens(limit.capacity())
                        .build())
                .build();
        Request<T> request = new Request<>(
                new CreateInitialStateAndExecuteCommand<>(configuration, command), PROTOCOL, nanos(now), EXPIRY);
        // Unwrapped inside the future, so an error Bucket4j reports (a member on another of its versions) fails the
        // call as a DependencyException, as every other failure of the store does.
        return calls.await(
                "token bucket", () -> buckets.executeAsync(key, request).thenApply(CommandResult::getData));
    }

    private static long nanos(Instant now) {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
