package dev.ragservice.domain.answer;

/** Limits of a generated answer, passed to the chat model. */
public record GenerationSettings(int maxTokens, double temperature) {

    public GenerationSettings {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
    }
}
