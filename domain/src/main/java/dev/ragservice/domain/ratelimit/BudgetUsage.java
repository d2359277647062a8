package dev.ragservice.domain.ratelimit;

/**
 * A key's daily budget and what it has spent of it today (UTC), as every replica sharing the limiter's store sees
 * it.
 *
 * @param tokensPerDay the key's {@code daily_tokens}
 * @param usedToday    language-model tokens taken today: reserved by calls in progress, settled by finished ones;
 *                     at most {@code tokensPerDay} (a key in debt shows its whole budget spent)
 */
public record BudgetUsage(long tokensPerDay, long usedToday) {}
