package dev.ragservice.ports.chat;

/** Tokens a model call consumed, as the provider counted them. */
public record TokenUsage(long promptTokens, long completionTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
