package dev.ragservice.bootstrap.ratelimit;

import dev.ragservice.domain.ratelimit.ClientKey;
import dev.ragservice.domain.ratelimit.RateLimiter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Limits every API request per client; probes, metrics, status and the API description never (a throttled
 * probe would take a healthy pod out). The client is its API key ({@code X-API-Key}, or
 * {@code Authorization: Bearer}), else its address; only a hash of either leaves this class. A refusal is
 * thrown as the domain's exception and answered by {@code ErrorResponses}.
 */
public final class RateLimitFilter implements Filter {

    private static final HeaderName API_KEY = HeaderNames.create("X-API-Key");
    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final List<String> UNLIMITED = List.of("/health", "/metrics", "/status", "/openapi");

    private final RateLimiter limiter;
    private final RequestClient requestClient;
    private final boolean trustForwardedFor;

    public RateLimitFilter(RateLimiter limiter, RequestClient requestClient, boolean trustForwardedFor) {
        this.limiter = limiter;
        this.requestClient = requestClient;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!limited(request.prologue().uriPath().path())) {
            chain.proceed();
            return;
        }
        ClientKey client = clientOf(request);
        limiter.admitRequest(client).ifPresent(decision -> RateLimitHeaders.add(response, decision));
        requestClient.run(client, chain::proceed);
    }

    static boolean limited(String path) {
        for (String prefix : UNLIMITED) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        return true;
    }

    private ClientKey clientOf(RoutingRequest request) {
        Optional<String> apiKey = request.headers().first(API_KEY).map(String::trim).filter(key -> !key.isEmpty())
                .or(() -> request.headers().first(HeaderNames.AUTHORIZATION)
                        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                        .map(value -> value.substring(7).trim())
                        .filter(token -> !token.isEmpty()));
        if (apiKey.isPresent()) {
            return ClientKey.ofApiKey(apiKey.get());
        }
        if (trustForwardedFor) {
            Optional<String> forwarded = request.headers().first(FORWARDED_FOR)
                    .map(list -> list.substring(list.lastIndexOf(',') + 1).trim())
                    .filter(address -> !address.isEmpty());
            if (forwarded.isPresent()) {
                return ClientKey.ofAddress(forwarded.get());
            }
        }
        return ClientKey.ofAddress(address(request.remotePeer().address()));
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
