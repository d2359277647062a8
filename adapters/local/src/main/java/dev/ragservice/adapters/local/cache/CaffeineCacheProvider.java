package dev.ragservice.adapters.local.cache;

import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;

/** {@code CACHE_BACKEND=memory}: a cache in this process, bounded by {@code CACHE_MAX_BYTES} (default 256 MiB). */
public final class CaffeineCacheProvider implements CacheProvider {

    static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Cache create(PluginConfig config) {
        long maxBytes = config.getLong("CACHE_MAX_BYTES", DEFAULT_MAX_BYTES);
        if (maxBytes < 1) {
            throw new PluginConfigException("CACHE_MAX_BYTES must be at least 1, got " + maxBytes);
        }
        return new CaffeineCache(maxBytes);
    }
}
