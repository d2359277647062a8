package dev.ragservice.ports.ratelimit;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/** Creates a {@link RateLimitStore}; selected by {@code RATE_LIMIT_BACKEND}. */
public interface RateLimitStoreProvider extends NamedProvider {

    RateLimitStore create(PluginConfig config);
}
