package dev.ragservice.adapters.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.ragservice.ports.cache.CounterCopies;
import java.util.UUID;

/**
 * Keeps this replica's copies of counters current: an entry listener on the counters map raises them as increments
 * happen on any member, so other replicas' increments are seen at once (events leave the key's owner as the
 * increment runs there, and a key's events arrive in order). Events can be lost when a member
 * goes, during the migrations that follow a change of membership, or when this member merges back after a split:
 * any change of membership or of this member's state drops the copies. Their staleness bound never depends on the
 * events ({@link CounterCopies}).
 */
final class CounterEvents implements AutoCloseable {

    private final HazelcastInstance member;
    private final IMap<String, Long> counters;
    private final UUID entries;
    private final UUID membership;
    private final UUID lifecycle;

    private CounterEvents(HazelcastInstance member, IMap<String, Long> counters, CounterCopies copies) {
        this.member = member;
        this.counters = counters;
        this.entries = counters.addEntryListener(new Changes(copies), true);
        this.membership = member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                copies.clear();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                copies.clear();
            }
        });
        this.lifecycle = member.getLifecycleService().addLifecycleListener(event -> copies.clear());
    }

    static CounterEvents listen(HazelcastInstance member, IMap<String, Long> counters, CounterCopies copies) {
        return new CounterEvents(member, counters, copies);
    }

    @Override
    public void close() {
        if (!member.getLifecycleService().isRunning()) {
            return; // a stopped member holds no listeners any more
        }
        try {
            counters.removeEntryListener(entries);
            member.getCluster().removeMembershipListener(membership);
            member.getLifecycleService().removeLifecycleListener(lifecycle);
        } catch (RuntimeException e) {
            // stopping meanwhile: its listeners go with it
        }
    }

    /** Registered on this member only: it never travels, so it need not be serializable. */
    private record Changes(CounterCopies copies)
            implements EntryAddedListener<String, Long>,
                    EntryUpdatedListener<String, Long>,
                    EntryRemovedListener<String, Long> {

        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            copies.notified(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            copies.notified(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Long> event) {
            copies.forget(event.getKey());
        }
    }
}
