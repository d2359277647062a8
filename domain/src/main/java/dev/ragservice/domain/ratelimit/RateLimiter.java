package dev.ragservice.domain.ratelimit;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The rate-limiting use case: admits a client's request, and reserves and settles the language-model tokens of
 * its calls, in a store every replica may share. The clock is a parameter, so tests drive time.
 *
 * <p>Store keys are {@code requests:<client>} and {@code tokens:<client>}; stores add the limit's signature, so
 * a changed limit starts fresh state.
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
     * Takes one request from the client's allowance.
     *
     * @return the decision, for the {@code RateLimit-*} headers; empty when nothing was decided (limits off, or
     *         the store failed and the policy fails open)
     * @throws RateLimitExceededException       when the client is over its request limit
     * @throws RateLimiterUnavailableException when the store failed and the policy fails closed
     */
    public Optional<RateLimitDecision> admitRequest(ClientKey client) {
        if (!policy.enabled()) {
            return Optional.empty();
        }
        RateLimitDecision decision;
        try {
            decision = store.tryAcquire("requests:" + client.value(), policy.requests(), 1, clock.instant());
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
     * single call larger than that could otherwise never run).
     *
     * @throws RateLimitExceededException       when the client's tokens for this minute are spent
     * @throws RateLimiterUnavailableException when the store failed and the policy fails closed
     */
    public TokenReservation reserveTokens(ClientKey client, long estimate) {
        if (!policy.enabled()) {
            return TokenReservation.NONE;
        }
        long tokens = Math.clamp(estimate, 1, policy.tokens().capacity());
        RateLimitDecision decision;
        try {
            decision = store.tryAcquire("tokens:" + client.value(), policy.tokens(), tokens, clock.instant());
        } catch (DependencyException e) {
            storeFailed(e);
            return TokenReservation.NONE;
        }
        if (!decision.allowed()) {
            listener.limited(LimitKind.TOKENS);
            throw new RateLimitExceededException(LimitKind.TOKENS, decision);
        }
        return new TokenReservation(client, tokens);
    }

    /**
     * Replaces a reservation by the tokens the call really used: the difference is taken (even into debt, which
     * later calls then wait out) or given back. Never throws: the answer is already there, and a store failure
     * here only leaves the estimate standing.
     */
    public void settle(TokenReservation reservation, long usedTokens) {
        long difference = usedTokens - reservation.reserved();
        if (reservation.reserved() == 0 || difference == 0) {
            return;
        }
        try {
            store.adjust("tokens:" + reservation.client().value(), policy.tokens(), difference, clock.instant());
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
