package dev.ragservice.domain.answer;

import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Objects;

/**
 * An answer with the sources it was written from, numbered as cited: {@code [1]} is {@code sources.get(0)}.
 *
 * @param cached   true when it came from the response cache
 * @param model    who wrote it: the chat model's id, or {@link ExtractiveAnswerer#MODEL_ID}
 * @param usage    the tokens this request spent; none for a cached or extractive answer
 * @param degraded true when the chat model failed and the answer is extractive instead
 */
public record Answer(
        String text, List<SearchHit> sources, boolean cached, String model, TokenUsage usage, boolean degraded) {

    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        sources = List.copyOf(sources);
    }

    /** Quoted from the sources, spending no tokens; {@code degraded} when it stands in for a chat model that failed. */
    static Answer extractive(String text, List<SearchHit> sources, boolean degraded) {
        return new Answer(text, sources, false, ExtractiveAnswerer.MODEL_ID, TokenUsage.NONE, degraded);
    }
}
