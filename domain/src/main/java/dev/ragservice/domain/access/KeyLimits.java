package dev.ragservice.domain.access;

import java.util.OptionalLong;

/**
 * One key's own limits, over the service's: requests and language-model tokens per minute, and tokens per day.
 * An empty value means the service's setting ({@code RATE_LIMIT_RPM}, {@code RATE_LIMIT_TPM}; no daily budget).
 */
public record KeyLimits(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute, OptionalLong tokensPerDay) {

    public static final KeyLimits NONE =
            new KeyLimits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public KeyLimits {
        for (OptionalLong value : new OptionalLong[] {requestsPerMinute, tokensPerMinute, tokensPerDay}) {
            if (value.isPresent() && value.getAsLong() < 1) {
                throw new IllegalArgumentException("a key's limits must be positive");
            }
        }
    }
}
