package dev.ragservice.domain.cache;

import java.util.Objects;

/**
 * Everything that decides an answer: what was retrieved, and who wrote the answer how.
 *
 * @param modelId    the chat model's id, or the extractive answerer's
 * @param generation the prompt version and generation settings (anything else that changes the text)
 */
public record ResponseKey(SearchKey retrieval, String modelId, String generation) {

    public ResponseKey {
        Objects.requireNonNull(retrieval, "retrieval");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(generation, "generation");
    }
}
