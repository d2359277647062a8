package dev.ragservice.ports.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The settings handed to a plugin, by the environment-variable names users know ({@code DATA_DIR},
 * {@code PINECONE_API_KEY}, ...). A plugin reads its settings from here and never from the environment itself,
 * so the service can supply them from any source and tests can supply them directly.
 *
 * <p>Every getter fails with a {@link PluginConfigException} that names the variable and what was wrong.
 */
public final class PluginConfig {

    private final Map<String, String> settings;

    private PluginConfig(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    public static PluginConfig of(Map<String, String> settings) {
        return new PluginConfig(settings);
    }

    public static PluginConfig empty() {
        return new PluginConfig(Map.of());
    }

    /** The value, or empty when the variable is unset or blank. */
    public Optional<String> get(String name) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new PluginConfigException(name + " must be set"));
    }

    public int getInt(String name, int defaultValue) {
        return get(name).map(value -> parseInt(name, value)).orElse(defaultValue);
    }

    public long getLong(String name, long defaultValue) {
        return get(name).map(value -> parseLong(name, value)).orElse(defaultValue);
    }

    public double getDouble(String name, double defaultValue) {
        return get(name).map(value -> parseDouble(name, value)).orElse(defaultValue);
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        return get(name).map(value -> parseBoolean(name, value)).orElse(defaultValue);
    }

    /** A duration given in whole seconds ({@code CACHE_TTL=3600}) or in ISO-8601 ({@code PT1H}). */
    public Duration getDuration(String name, Duration defaultValue) {
        return get(name).map(value -> parseDuration(name, value)).orElse(defaultValue);
    }

    /** A duration given in whole milliseconds ({@code PINECONE_TIMEOUT_MS=2000}). */
    public Duration getMillis(String name, Duration defaultValue) {
        return get(name).map(value -> Duration.ofMillis(parseLong(name, value))).orElse(defaultValue);
    }

    public Path getPath(String name, Path defaultValue) {
        return get(name).map(Path::of).orElse(defaultValue);
    }

    /** The names of the settings that have a value, sorted. */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        settings.keySet().stream().filter(name -> get(name).isPresent()).forEach(names::add);
        return Collections.unmodifiableSortedSet(names);
    }

    /** Only the settings whose names {@code keep} accepts: what a plugin is given of the service's settings. */
    public PluginConfig only(Predicate<String> keep) {
        Map<String, String> kept = new TreeMap<>();
        settings.forEach((name, value) -> {
            if (keep.test(name)) {
                kept.put(name, value);
            }
        });
        return new PluginConfig(kept);
    }

    /** A copy with one setting replaced; for tests and for defaults the service derives itself. */
    public PluginConfig with(String name, String value) {
        Map<String, String> copy = new TreeMap<>(settings);
        copy.put(name, value);
        return new PluginConfig(copy);
    }

    private static int parseInt(String name, String value) {
        long parsed = parseLong(name, value);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new PluginConfigException(name + " is out of range: " + value);
        }
        return (int) parsed;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new PluginConfigException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static double parseDouble(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new PluginConfigException(name + " must be a number, got '" + value + "'");
        }
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new PluginConfigException(name + " must be true or false, got '" + value + "'");
        };
    }

    private static Duration parseDuration(String name, String value) {
        try {
            return value.startsWith("P") || value.startsWith("p")
                    ? Duration.parse(value)
                    : Duration.ofSeconds(Long.parseLong(value));
        } catch (RuntimeException e) {
            throw new PluginConfigException(name + " must be seconds or an ISO-8601 duration, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        // Names only: values may be secrets.
        return "PluginConfig" + new TreeMap<>(settings).keySet();
    }
}
