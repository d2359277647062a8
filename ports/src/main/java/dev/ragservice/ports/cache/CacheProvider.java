package dev.ragservice.ports.cache;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;

/** Creates a {@link Cache}; selected by {@code CACHE_BACKEND}. */
public interface CacheProvider extends NamedProvider {

    Cache create(PluginConfig config);
}
