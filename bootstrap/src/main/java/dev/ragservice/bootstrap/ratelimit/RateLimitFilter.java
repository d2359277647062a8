package dev.ragservice.bootstrap.ratelimit;

import dev.ragservice.bootstrap.http.Callers;
import dev.ragservice.bootstrap.http.Endpoint;
import dev.ragservice.domain.ratelimit.RateLimiter;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Counts every request of a rate-limited {@link Endpoint} against its client's limit, before any work. A refusal
 * is thrown as the domain's exception and answered by {@code ErrorResponses}.
 */
public final class RateLimitFilter implements Filter {

    private final RateLimiter limiter;
    private final Callers callers;

    public RateLimitFilter(RateLimiter limiter, Callers callers) {
        this.limiter = limiter;
        this.callers = callers;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (Endpoint.rateLimits(request.prologue().uriPath().path())) {
            limiter.admitRequest(callers.clientOf(request)).ifPresent(decision -> RateLimitHeaders.add(response,
                    decision));
        }
        chain.proceed();
    }
}
