package dev.ragservice.adapters.local.ratelimit;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import dev.ragservice.ports.ratelimit.RateLimitStoreProvider;

/** {@code RATE_LIMIT_BACKEND=memory}: per-replica limits, no shared store. */
public final class MemoryRateLimitStoreProvider implements RateLimitStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public RateLimitStore create(PluginConfig config) {
        return new MemoryRateLimitStore();
    }
}
