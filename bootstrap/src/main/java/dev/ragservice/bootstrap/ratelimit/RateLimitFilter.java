package dev.ragservice.bootstrap.ratelimit;

import dev.ragservice.bootstrap.http.Endpoint;
import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.ratelimit.RateLimiter;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Counts every request of a rate-limited {@link Endpoint} against its caller's limit (the one the access filter
 * decided: a key's own, or the service's), before any work. A refusal is thrown as the domain's exception and
 * answered by {@code ErrorResponses}.
 */
public final class RateLimitFilter implements Filter {

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (Endpoint.rateLimits(request.prologue().uriPath().path())) {
            Caller caller = request.context()
                    .get(Caller.class)
                    .orElseThrow(
                            () -> new IllegalStateException("the access filter runs before the rate-limit filter"));
            limiter.admitRequest(caller).ifPresent(decision -> RateLimitHeaders.add(response, decision));
        }
        chain.proceed();
    }
}
