package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.Hazelcast;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;

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
        return new HazelcastCache(Hazelcast.newHazelcastInstance(settings.memberConfig()),
                settings.operationTimeout());
    }
}
