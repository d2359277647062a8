package dev.ragservice.bootstrap.ratelimit;

import dev.ragservice.bootstrap.http.Callers;
import dev.ragservice.domain.ratelimit.RateLimiter;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/**
 * Limits every API request per client; probes, metrics, status and the API description never (a throttled
 * probe would take a healthy pod out). A refusal is thrown as the domain's exception and answered by
 * {@code ErrorResponses}.
 */
public final class RateLimitFilter implements Filter {

    private static final List<String> UNLIMITED = List.of("/health", "/metrics", "/status", "/openapi");

    private final RateLimiter limiter;
    private final Callers callers;

    public RateLimitFilter(RateLimiter limiter, Callers callers) {
        this.limiter = limiter;
        this.callers = callers;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (limited(request.prologue().uriPath().path())) {
            limiter.admitRequest(callers.clientOf(request)).ifPresent(decision -> RateLimitHeaders.add(response, decision));
        }
        chain.proceed();
    }

    static boolean limited(String path) {
        for (String prefix : UNLIMITED) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        return true;
    }
}
