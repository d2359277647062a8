package dev.ragservice.ports.chat;

import java.util.Objects;

/** The generated text, the model that wrote it and what it cost. */
public record ChatResponse(String text, String modelId, TokenUsage usage) {

    public ChatResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(usage, "usage");
    }
}
