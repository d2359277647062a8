package dev.ragservice.bootstrap.plugins;

import dev.ragservice.ports.plugin.NamedProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The providers of one kind found with {@link ServiceLoader}, by name. Like JDBC drivers or Lucene codecs,
 * but strict: two providers with one name stop the service, and an unknown name lists the known ones.
 */
public final class ProviderRegistry<P extends NamedProvider> {

    private final String variable;
    private final Map<String, P> providers;

    private ProviderRegistry(String variable, Map<String, P> providers) {
        this.variable = variable;
        this.providers = providers;
    }

    /**
     * @param variable  the environment variable that selects a provider of this kind, for messages
     * @param loaders   the service's class loader first, then one per plugin directory
     */
    public static <P extends NamedProvider> ProviderRegistry<P> load(
            Class<P> type, String variable, List<ClassLoader> loaders) {
        Map<String, P> byName = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        for (ClassLoader loader : loaders) {
            // A plugin's loader sees only the plugin's jars (and the JDK's), so each provider is found once.
            for (ServiceLoader.Provider<P> found :
                    ServiceLoader.load(type, loader).stream().toList()) {
                P provider = found.get();
                String origin = found.type().getName() + " (" + ProviderConfigs.origin(provider) + ")";
                String previous = origins.putIfAbsent(provider.name(), origin);
                if (previous != null && !previous.equals(origin)) {
                    throw new StartupException("two " + type.getSimpleName() + "s are named '" + provider.name() + "': "
                            + previous + " and " + origin + "; remove one of them");
                }
                byName.putIfAbsent(provider.name(), provider);
            }
        }
        return new ProviderRegistry<>(variable, byName);
    }

    public P select(String name) {
        P provider = providers.get(name);
        if (provider == null) {
            throw new StartupException(
                    variable + "=" + name + " names no known provider; available: " + String.join(", ", names()));
        }
        return provider;
    }

    public Set<String> names() {
        return providers.keySet();
    }
}
