package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded member of this replica, shared by every port this adapter serves (cache, rate limits): one JVM
 * must not run two members of one cluster on two ports, which would double the partitions' owners and the
 * heartbeats for nothing. Members are found by instance name (cluster and port, see {@link HazelcastSettings});
 * each keeps its count of users in its own user context, and the last user to let go shuts it down.
 */
final class SharedMember {

    private static final String USERS = "dev.ragservice.adapters.hazelcast.users";

    private SharedMember() {}

    static HazelcastInstance acquire(HazelcastSettings settings) {
        // The member config says so too, but parts of Hazelcast read the system property before any config.
        System.setProperty(HazelcastSettings.PHONE_HOME, "false");
        completeFuturesWithoutNewThreads();
        while (true) {
            HazelcastInstance member = Hazelcast.getOrCreateHazelcastInstance(settings.memberConfig());
            // The same proxy object for one name: it is the lock shared by acquire and release.
            synchronized (member) {
                if (member.getLifecycleService().isRunning()) {
                    users(member).incrementAndGet();
                    return member;
                }
            }
            // Shut down by its last user between the two lines above: the next call starts a new one.
        }
    }

    static void release(HazelcastInstance member) {
        synchronized (member) {
            if (member.getLifecycleService().isRunning() && users(member).decrementAndGet() == 0) {
                member.shutdown();
            }
        }
    }

    private static AtomicInteger users(HazelcastInstance member) {
        return (AtomicInteger) member.getUserContext().computeIfAbsent(USERS, unused -> new AtomicInteger());
    }

    /**
     * Where the common fork-join pool has a single thread (2 cores), Hazelcast completes every async operation
     * on a brand-new platform thread (measured here: 1.8k timed gets per second, against 23k-47k with a virtual
     * thread per completion). The cache waits on every call with a deadline, so this is on its hot path. Threads
     * that live on do better still: Hazelcast keeps serialization buffers per thread, and a fresh virtual thread per
     * completion allocated and registered new buffers for every call (2-3% of a Hazelcast cache hit's samples).
     */
    private static void completeFuturesWithoutNewThreads() {
        if (ForkJoinPool.getCommonPoolParallelism() <= 1) {
            ConcurrencyUtil.setDefaultAsyncExecutor(Completions.POOL);
        }
    }

    /**
     * Created on first use only, and once per JVM: the executor is Hazelcast's, shared by every member. Two
     * threads that sleep on a queue: a completion is a few microseconds of work, and a fork-join pool's workers
     * spun looking for more (measured: more of the samples than the completions themselves).
     */
    private static final class Completions {
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().daemon().name("hazelcast-completion-", 0).factory());
    }
}
