package dev.ragservice.domain.ratelimit;

import dev.ragservice.domain.DomainException;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import java.util.Objects;

/** The client is over one of its limits; the decision says for how long (HTTP 429 with {@code Retry-After}). */
public class RateLimitExceededException extends DomainException {

    private final LimitKind kind;
    private final RateLimitDecision decision;

    public RateLimitExceededException(LimitKind kind, RateLimitDecision decision) {
        super(
                kind == LimitKind.BUDGET ? "budget_exceeded" : "rate_limited",
                switch (kind) {
                    case REQUESTS -> "too many requests; retry after " + seconds(decision) + " s";
                    case TOKENS -> "too many language-model tokens per minute; retry after " + seconds(decision) + " s";
                    case BUDGET ->
                        "the key's language-model tokens for today are spent; the budget starts again at"
                                + " midnight UTC, in " + seconds(decision) + " s";
                });
        this.kind = Objects.requireNonNull(kind, "kind");
        this.decision = Objects.requireNonNull(decision, "decision");
    }

    public LimitKind kind() {
        return kind;
    }

    public RateLimitDecision decision() {
        return decision;
    }

    /** Whole seconds, rounded up: waiting less than told must never be enough. */
    public static long seconds(RateLimitDecision decision) {
        return Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
    }
}
