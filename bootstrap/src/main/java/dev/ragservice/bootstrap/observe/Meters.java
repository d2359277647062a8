package dev.ragservice.bootstrap.observe;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's meters, looked up once per name and label values: building a meter description and asking
 * the registry for it on every request cost more than the cache hit it measures.
 */
final class Meters {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Tags come as name/value pairs. */
    Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(
                key(name, tags),
                unused -> registry.getOrCreate(
                        Counter.builder(name).description(description).tags(tags(tags))));
    }

    Timer timer(String name, String description, Duration[] buckets, String... tags) {
        return timers.computeIfAbsent(
                key(name, tags),
                unused -> registry.getOrCreate(Timer.builder(name)
                        .description(description)
                        .buckets(buckets)
                        .percentiles(new double[0])
                        .tags(tags(tags))));
    }

    private static String key(String name, String[] tags) {
        return name + '\u0000' + String.join("\u0000", tags);
    }

    private static List<Tag> tags(String[] pairs) {
        Tag[] tags = new Tag[pairs.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = Tag.create(pairs[2 * i], pairs[2 * i + 1]);
        }
        return List.of(tags);
    }
}
