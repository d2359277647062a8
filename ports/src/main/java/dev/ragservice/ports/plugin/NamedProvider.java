package dev.ragservice.ports.plugin;

import java.util.Locale;

/**
 * What every provider interface shares: the name by which configuration selects it
 * (for example {@code VECTOR_STORE=lucene}). Names are lower case and unique per provider kind.
 */
public interface NamedProvider {

    String name();

    /**
     * The settings this provider reads and which of them are secrets. A provider loaded from {@code PLUGINS_DIR}
     * sees only these; built-in providers are part of the service and see its settings. By default, every setting
     * named after the provider: {@code OPENSEARCH_*} for {@code opensearch}, none of them secret.
     */
    default SettingsDeclaration settings() {
        return SettingsDeclaration.prefixed(name().toUpperCase(Locale.ROOT).replace('-', '_') + "_");
    }
}
