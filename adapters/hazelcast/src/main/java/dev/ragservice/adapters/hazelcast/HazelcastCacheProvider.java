package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/**
 * {@code CACHE_BACKEND=hazelcast}: every replica runs an embedded Hazelcast member, and the members form one
 * cluster (tcp-ip members, or Kubernetes discovery through a headless service), so no cache server is needed.
 * Creating the cache starts the member (or shares the one the rate limits started) and waits for it to join.
 */
public final class HazelcastCacheProvider implements CacheProvider {

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public Cache create(PluginConfig config) {
        HazelcastSettings settings = HazelcastSettings.from(config);
        HazelcastInstance member = SharedMember.acquire(settings);
        return new HazelcastCache(member, settings.operationTimeout(), () -> SharedMember.release(member));
    }
}
