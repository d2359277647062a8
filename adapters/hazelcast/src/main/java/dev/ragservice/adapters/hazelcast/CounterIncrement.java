package dev.ragservice.adapters.hazelcast;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Adds one to a counter on the partition that owns it. Hazelcast runs entry processors of one key one at a
 * time, so concurrent increments from every member never lose an update; the same processor is replayed on
 * the backup, which keeps the backup's value equal to the owner's.
 */
record CounterIncrement() implements EntryProcessor<String, Long, Long> {

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long next = (entry.getValue() == null ? 0L : entry.getValue()) + 1;
        entry.setValue(next);
        return next;
    }
}
