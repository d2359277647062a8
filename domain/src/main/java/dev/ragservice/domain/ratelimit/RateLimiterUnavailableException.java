package dev.ragservice.domain.ratelimit;

import dev.ragservice.domain.DomainException;

/**
 * The rate-limit store failed and the policy fails closed ({@code RATE_LIMIT_FAIL_OPEN=false}): the request is
 * refused (HTTP 503) rather than admitted unmetered. Deliberately not a dependency failure: no fallback (such as
 * a degraded answer) may turn it into an admitted request.
 */
public class RateLimiterUnavailableException extends DomainException {

    public RateLimiterUnavailableException(RuntimeException cause) {
        super("rate_limiter_unavailable", "the rate limiter is unavailable; try again later");
        initCause(cause);
    }
}
