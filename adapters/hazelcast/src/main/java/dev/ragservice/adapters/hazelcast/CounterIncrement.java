package dev.ragservice.adapters.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.util.Map;

/**
 * Adds one to a counter on the partition that owns it. Hazelcast runs entry processors of one key one at a
 * time, so concurrent increments from every member never lose an update; the same processor is replayed on
 * the backup, which keeps the backup's value equal to the owner's.
 *
 * <p>It travels as {@link DataSerializable} (it has no state to write): by Java serialization, the default for an
 * entry processor, the service's JVM-wide deserialization filter (Helidon's) rejects it on every member but the
 * caller's, and increments of keys owned elsewhere fail.
 */
final class CounterIncrement implements EntryProcessor<String, Long, Long>, DataSerializable {

    /** For Hazelcast, which creates it from the wire. */
    public CounterIncrement() {}

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long next = (entry.getValue() == null ? 0L : entry.getValue()) + 1;
        entry.setValue(next);
        return next;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
