package dev.ragservice.bootstrap.plugins;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.SettingsDeclaration;
import java.util.stream.Collectors;

/**
 * What a provider is given of the service's settings, and how they may be shown. A provider from
 * {@code PLUGINS_DIR} gets only the settings it declares ({@link NamedProvider#settings()}): a vector store never
 * sees {@code OPENAI_API_KEY}. Built-in providers are part of the service and get all of them.
 */
public final class ProviderConfigs {

    static final String HIDDEN = "(secret)";

    private ProviderConfigs() {}

    public static PluginConfig given(NamedProvider provider, PluginConfig all) {
        return isPlugin(provider) ? all.only(provider.settings()::covers) : all;
    }

    public static boolean isPlugin(NamedProvider provider) {
        return provider.getClass().getClassLoader() instanceof PluginClassLoader;
    }

    /** Where a provider comes from: its plugin directory, or the service itself. */
    public static String origin(NamedProvider provider) {
        return provider.getClass().getClassLoader() instanceof PluginClassLoader plugin
                ? "plugin " + plugin.directory()
                : "built in";
    }

    /** The settings as {@code NAME=value}, every secret's value hidden: for logs and {@code /status}. */
    public static String describe(NamedProvider provider, PluginConfig given) {
        SettingsDeclaration declared = provider.settings();
        return given.names().stream()
                .map(name -> name + "="
                        + (declared.isSecret(name) ? HIDDEN : given.get(name).orElse("")))
                .collect(Collectors.joining(", "));
    }
}
