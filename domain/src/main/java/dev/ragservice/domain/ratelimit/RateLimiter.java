package dev.ragservice.domain.ratelimit;

import dev.ragservice.domain.access.Caller;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rate-limiting use case: admits a caller's request, and reserves and settles the language-model tokens of
 * its calls (per minute, and against its key's daily budget), in a store every replica may share, so N replicas
 * together admit a limit once. The clock is a parameter, so tests drive time. The service's own work (a caller
 * without {@link Caller#limitsAs()}) is never limited.
 *
 * <p>Store keys are {@code requests:<client>}, {@code tokens:<client>} and {@code budget:<client>:<UTC date>};
 * stores add the limit's signature, so a changed limit starts fresh state.
 */
public final class RateLimiter {

    private final RateLimitStore store;
    private final RateLimitPolicy policy;
    private final InstantSource clock;
    private final RateLimitListener listener;

    public RateLimiter(RateLimitStore store, RateLimitPolicy policy, InstantSource clock, RateLimitListener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public RateLimitPolicy policy() {
        return policy;
    }

    /**
     * Takes one request from the caller's allowance.
     *
     * @return the decision, for the {@code RateLimit-*} headers; empty when nothing was decided (limits off, an
     *         unlimited caller, or the store failed and the policy fails open)
     * @throws RateLimitExceededException       when the caller is over its request limit
     * @throws RateLimiterUnavailableException when the store failed and the policy fails closed
     */
    public Optional<RateLimitDecision> admitRequest(Caller caller) {
        if (!policy.enabled() || caller.limitsAs().isEmpty()) {
            return Optional.empty();
        }
        ClientKey client = caller.limitsAs().get();
        RateLimitDecision decision;
        try {
            decision = store.tryAcquire(
                    "requests:" + client.value(), policy.requests(caller.limits()), 1, clock.instant());
        } catch (DependencyException e) {
            storeFailed(e);
            return Optional.empty();
        }
        if (!decision.allowed()) {
            listener.limited(LimitKind.REQUESTS);
            throw new RateLimitExceededException(LimitKind.REQUESTS, decision);
        }
        return Optional.of(decision);
    }

    /**
     * Sets tokens aside before a language-model call: the estimate, capped at the whole per-minute allowance (a
     * single call larger than that could otherwise never run), from the minute's tokens and, when the caller's key
     * has one, from today's budget.
     *
     * @throws RateLimitExceededException       when the caller's tokens for this minute, or for today, are spent
     * @throws RateLimiterUnavailableException when the store failed and the policy fails closed
     */
    public TokenReservation reserveTokens(Caller caller, long estimate) {
        if (!policy.enabled() || caller.limitsAs().isEmpty()) {
            return TokenReservation.NONE;
        }
        ClientKey client = caller.limitsAs().get();
        RateLimit perMinute = policy.tokens(caller.limits());
        Optional<TokenReservation.DailyBudget> budget = Optional.empty();
        Instant now = clock.instant();
        OptionalLong daily = caller.limits().tokensPerDay();
        if (daily.isPresent()) {
            budget = Optional.of(new TokenReservation.DailyBudget(
                    budgetKey(client, now), RateLimitPolicy.dailyBudget(daily.getAsLong())));
        }
        long tokens = Math.clamp(estimate, 1, Math.min(perMinute.capacity(), daily.orElse(Long.MAX_VALUE)));
        String minuteKey = "tokens:" + client.value();
        if (!take(LimitKind.TOKENS, minuteKey, perMinute, tokens, now)) {
            return TokenReservation.NONE;
        }
        if (budget.isPresent()) {
            try {
                take(LimitKind.BUDGET, budget.get().key(), budget.get().limit(), tokens, now);
            } catch (RuntimeException e) {
                // Refused for the day: the minute's tokens are given back, nothing was spent.
                adjust(minuteKey, perMinute, -tokens, now);
                throw e;
            }
        }
        return new TokenReservation(client, tokens, perMinute, budget);
    }

    /**
     * Replaces a reservation by the tokens the call really used: the difference is taken (even into debt, which
     * later calls then wait out) or given back, per minute and from the day's budget. Never throws: the answer is
     * already there, and a store failure here only leaves the estimate standing.
     */
    public void settle(TokenReservation reservation, long usedTokens) {
        long difference = usedTokens - reservation.reserved();
        if (reservation.reserved() == 0 || difference == 0) {
            return;
        }
        Instant now = clock.instant();
        adjust("tokens:" + reservation.client().value(), reservation.perMinute(), difference, now);
        reservation.budget().ifPresent(budget -> adjust(budget.key(), budget.limit(), difference, now));
    }

    /**
     * What the caller's key has spent of its daily budget today, taking nothing.
     *
     * @return empty when the key has no daily budget, limits are off, or the store cannot tell (it failed, or is a
     *         plugin without {@link RateLimitStore#peek})
     */
    public Optional<BudgetUsage> budgetToday(Caller caller) {
        OptionalLong daily = caller.limits().tokensPerDay();
        if (!policy.enabled() || caller.limitsAs().isEmpty() || daily.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        long tokensPerDay = daily.getAsLong();
        try {
            return store.peek(budgetKey(caller.limitsAs().get(), now), RateLimitPolicy.dailyBudget(tokensPerDay), now)
                    .map(state -> new BudgetUsage(tokensPerDay, tokensPerDay - state.remaining()));
        } catch (DependencyException e) {
            listener.storeError(e);
            return Optional.empty();
        }
    }

    /** How long until the daily budgets start again: midnight UTC. */
    public static Duration untilTomorrow(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        return Duration.between(now, midnight);
    }

    private static String budgetKey(ClientKey client, Instant now) {
        return "budget:" + client.value() + ":" + LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** @return false when nothing was decided (the store failed and the policy fails open) */
    private boolean take(LimitKind kind, String key, RateLimit limit, long permits, Instant now) {
        RateLimitDecision decision;
        try {
            decision = store.tryAcquire(key, limit, permits, now);
        } catch (DependencyException e) {
            storeFailed(e);
            return false;
        }
        if (!decision.allowed()) {
            listener.limited(kind);
            throw new RateLimitExceededException(
                    kind,
                    kind == LimitKind.BUDGET
                            ? RateLimitDecision.rejected(
                                    decision.limit(), decision.remaining(), untilTomorrow(now), untilTomorrow(now))
                            : decision);
        }
        return true;
    }

    private void adjust(String key, RateLimit limit, long permits, Instant now) {
        try {
            store.adjust(key, limit, permits, now);
        } catch (DependencyException e) {
            listener.storeError(e);
        }
    }

    private void storeFailed(DependencyException e) {
        listener.storeError(e);
        if (!policy.failOpen()) {
            throw new RateLimiterUnavailableException(e);
        }
    }
}
