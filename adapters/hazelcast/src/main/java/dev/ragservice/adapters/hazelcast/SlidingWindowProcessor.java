package dev.ragservice.adapters.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.SlidingWindowLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sliding-window operation, run on the partition that owns the key: Hazelcast runs the processors of one
 * key one at a time, so the read, the decision of the reference {@link SlidingWindowLog} and the write are
 * atomic across the cluster. The same processor, replayed on the backup with the same {@code now}, leaves the
 * backup equal to the owner.
 *
 * <p>The log is stored as {@code long[]} pairs (time, permits), which Hazelcast serializes natively. The
 * processor itself travels as {@link DataSerializable}, never by Java serialization, which the service's JVM-wide
 * deserialization filter (Helidon's) rejects. {@code permits} is positive to acquire (or to take unconditionally
 * when {@code adjust}), negative to give back.
 */
final class SlidingWindowProcessor implements EntryProcessor<String, long[], long[]>, DataSerializable {

    private boolean adjust;
    private long capacity;
    private long windowMillis;
    private long permits;
    private long nowMillis;
    private long keepMillis;

    /** For Hazelcast, which fills the fields from the wire. */
    public SlidingWindowProcessor() {}

    SlidingWindowProcessor(
            boolean adjust, long capacity, long windowMillis, long permits, long nowMillis, long keepMillis) {
        this.adjust = adjust;
        this.capacity = capacity;
        this.windowMillis = windowMillis;
        this.permits = permits;
        this.nowMillis = nowMillis;
        this.keepMillis = keepMillis;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(adjust);
        out.writeLong(capacity);
        out.writeLong(windowMillis);
        out.writeLong(permits);
        out.writeLong(nowMillis);
        out.writeLong(keepMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        adjust = in.readBoolean();
        capacity = in.readLong();
        windowMillis = in.readLong();
        permits = in.readLong();
        nowMillis = in.readLong();
        keepMillis = in.readLong();
    }

    /** The decision as {allowed 0/1, remaining, retry after ms, reset after ms}; empty for an adjustment. */
    @Override
    public long[] process(Map.Entry<String, long[]> entry) {
        RateLimit limit = RateLimit.slidingWindow(capacity, Duration.ofMillis(windowMillis));
        SlidingWindowLog log = decode(entry.getValue());
        long[] reply;
        if (adjust) {
            log = log.adjust(limit, permits, nowMillis);
            reply = new long[0];
        } else {
            SlidingWindowLog.Outcome outcome = log.tryAcquire(limit, permits, nowMillis);
            log = outcome.log();
            RateLimitDecision decision = outcome.decision();
            reply = new long[] {
                decision.allowed() ? 1 : 0,
                decision.remaining(),
                decision.retryAfter().toMillis(),
                decision.resetAfter().toMillis()
            };
        }
        if (log.grants().isEmpty()) {
            entry.setValue(null);
        } else {
            long ttl = log.resetAfter(windowMillis, nowMillis).toMillis() + keepMillis;
            ((ExtendedMapEntry<String, long[]>) entry).setValue(encode(log), ttl, TimeUnit.MILLISECONDS);
        }
        return reply;
    }

    static RateLimitDecision decision(long capacity, long[] reply) {
        Duration reset = Duration.ofMillis(reply[3]);
        return reply[0] == 1
                ? RateLimitDecision.allowed(capacity, reply[1], reset)
                : RateLimitDecision.rejected(capacity, reply[1], Duration.ofMillis(reply[2]), reset);
    }

    static SlidingWindowLog decode(@Nullable long[] pairs) {
        if (pairs == null) {
            return SlidingWindowLog.EMPTY;
        }
        List<SlidingWindowLog.Grant> grants = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            grants.add(new SlidingWindowLog.Grant(pairs[i], pairs[i + 1]));
        }
        return new SlidingWindowLog(grants);
    }

    private static long[] encode(SlidingWindowLog log) {
        long[] pairs = new long[log.grants().size() * 2];
        for (int i = 0; i < log.grants().size(); i++) {
            pairs[2 * i] = log.grants().get(i).atMillis();
            pairs[2 * i + 1] = log.grants().get(i).permits();
        }
        return pairs;
    }
}
