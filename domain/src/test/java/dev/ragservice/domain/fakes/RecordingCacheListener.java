package dev.ragservice.domain.fakes;

import dev.ragservice.domain.cache.CacheListener;
import dev.ragservice.domain.cache.CacheTier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every event as "hit:search", "miss:embedding", "error:response" and so on; the similarities of semantic
 * lookups apart, in {@link #similarities()}.
 */
public final class RecordingCacheListener implements CacheListener {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Double> similarities = new CopyOnWriteArrayList<>();

    @Override
    public void hit(CacheTier tier) {
        events.add("hit:" + tier.label());
    }

    @Override
    public void miss(CacheTier tier) {
        events.add("miss:" + tier.label());
    }

    @Override
    public void error(CacheTier tier, RuntimeException e) {
        events.add("error:" + tier.label());
    }

    @Override
    public void semanticSimilarity(double nearest) {
        similarities.add(nearest);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    public long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    public List<Double> similarities() {
        return List.copyOf(similarities);
    }

    public void clear() {
        events.clear();
        similarities.clear();
    }
}
