package dev.ragservice.domain.ratelimit;

/** Which limit a client ran into; {@link #label()} is the metric label. */
public enum LimitKind {
    /** Requests per client ({@code RATE_LIMIT_RPM}, {@code RATE_LIMIT_BURST}). */
    REQUESTS("requests"),
    /** Language-model tokens per client and minute ({@code RATE_LIMIT_TPM}, or the key's {@code tpm}). */
    TOKENS("tokens"),
    /** Language-model tokens per key and UTC day (the key's {@code daily_tokens}). */
    BUDGET("budget");

    private final String label;

    LimitKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
