package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.internal.util.ConcurrencyUtil;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code CACHE_BACKEND=hazelcast}: every replica runs an embedded Hazelcast member, and the members form one
 * cluster (tcp-ip members, or Kubernetes discovery through a headless service), so no cache server is needed.
 * Creating the cache starts the member and waits for it to join.
 */
public final class HazelcastCacheProvider implements CacheProvider {

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public Cache create(PluginConfig config) {
        HazelcastSettings settings = HazelcastSettings.from(config);
        // The member config says so too, but parts of Hazelcast read the system property before any config.
        System.setProperty(HazelcastSettings.PHONE_HOME, "false");
        completeFuturesWithoutNewThreads();
        return new HazelcastCache(Hazelcast.newHazelcastInstance(settings.memberConfig()),
                settings.operationTimeout());
    }

    /**
     * Where the common fork-join pool has a single thread (2 cores), Hazelcast completes every async operation
     * on a brand-new platform thread: measured here, 1.8k against 23k-47k timed gets per second with virtual
     * threads instead. The cache waits on every call with a deadline, so this is on its hot path.
     */
    private static void completeFuturesWithoutNewThreads() {
        if (ForkJoinPool.getCommonPoolParallelism() <= 1) {
            ConcurrencyUtil.setDefaultAsyncExecutor(Executors.newVirtualThreadPerTaskExecutor());
        }
    }
}
