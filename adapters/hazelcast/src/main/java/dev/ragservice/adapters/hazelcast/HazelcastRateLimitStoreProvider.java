package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.RateLimitStoreProvider;

/**
 * {@code RATE_LIMIT_BACKEND=hazelcast}: limits shared by the cluster of embedded members, with the cache's
 * settings; with {@code CACHE_BACKEND=hazelcast} too, both use the one member of this replica.
 */
public final class HazelcastRateLimitStoreProvider implements RateLimitStoreProvider {

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public RateLimitStore create(PluginConfig config) {
        HazelcastSettings settings = HazelcastSettings.from(config);
        HazelcastInstance member = SharedMember.acquire(settings);
        return new HazelcastRateLimitStore(member, settings.operationTimeout(), () -> SharedMember.release(member));
    }
}
