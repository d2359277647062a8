package dev.ragservice.domain.cache;

import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Objects;

/** What the response tier keeps of an answer: its text, its sources and the model that wrote it. */
public record CachedAnswer(String text, List<SearchHit> sources, String model) {

    public CachedAnswer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        sources = List.copyOf(sources);
    }
}
