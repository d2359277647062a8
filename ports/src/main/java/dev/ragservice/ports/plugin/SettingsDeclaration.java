package dev.ragservice.ports.plugin;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which settings a provider reads, and which of them are secrets. A provider loaded from {@code PLUGINS_DIR} is
 * given only the settings it declares (never, say, {@code OPENAI_API_KEY} when it stores vectors); the values of
 * secrets are never shown, neither in logs nor in {@code /status}.
 *
 * @param prefixes every setting whose name starts with one of these ({@code OPENSEARCH_})
 * @param names    single settings by name ({@code DATA_DIR})
 * @param secrets  the declared settings whose values must stay hidden ({@code OPENSEARCH_PASSWORD})
 */
public record SettingsDeclaration(Set<String> prefixes, Set<String> names, Set<String> secrets) {

    public SettingsDeclaration {
        prefixes = Set.copyOf(prefixes);
        names = Set.copyOf(names);
        secrets = Set.copyOf(secrets);
    }

    /** Every setting starting with {@code prefix}, none of them secret. */
    public static SettingsDeclaration prefixed(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new SettingsDeclaration(Set.of(prefix), Set.of(), Set.of());
    }

    public SettingsDeclaration withNames(String... more) {
        return new SettingsDeclaration(prefixes, union(names, more), secrets);
    }

    /** Declares these settings secret (and read). */
    public SettingsDeclaration withSecrets(String... more) {
        return new SettingsDeclaration(prefixes, union(names, more), union(secrets, more));
    }

    public boolean covers(String name) {
        return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }

    public boolean isSecret(String name) {
        return secrets.contains(name);
    }

    private static Set<String> union(Set<String> values, String... more) {
        Set<String> union = new TreeSet<>(values);
        union.addAll(Set.of(more));
        return union;
    }
}
