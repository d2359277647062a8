package dev.ragservice.domain.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The results of a pure computation that a cache hit would otherwise repeat on every request (hashing a key,
 * decoding a value), by their input. At most {@code maxEntries} are kept, all dropped at once when full: the
 * inputs still in use come back on their next request, and nothing needs a lock or an eviction order.
 */
final class RecentValues<K, V> {

    private final int maxEntries;
    private final Map<K, V> values = new ConcurrentHashMap<>();

    RecentValues(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The value remembered for {@code key}, else {@code compute}'s, remembered unless null. */
    V get(K key, Function<? super K, ? extends V> compute) {
        V value = values.get(key);
        if (value == null) {
            value = compute.apply(key);
            if (value != null) {
                if (values.size() >= maxEntries) {
                    values.clear();
                }
                values.put(key, value);
            }
        }
        return value;
    }
}
