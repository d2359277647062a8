package dev.ragservice.bootstrap.access;

import dev.ragservice.bootstrap.http.Endpoint;
import dev.ragservice.bootstrap.http.Json;
import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.access.ForbiddenException;
import dev.ragservice.domain.access.Scope;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides who a request is for before anything else is done for it (before its rate limit too, so an unknown key
 * never creates limiter state): no key or an unknown one is 401, a key without the endpoint's {@link Scope} is
 * 403. The decided {@link Caller} goes with the request (its Helidon context) to the rate-limit filter and to the
 * handler, which puts it in the use case's {@code RequestContext}; namespaces are checked there, by the use case.
 *
 * <p>Open endpoints (the info, the API description, the probes) need no key; a probe without an admin key hears up
 * or down only, never the details of the checks.
 */
public final class AccessFilter implements Filter {

    record Summary(String status) {}

    private final Authentication authentication;
    private final BooleanSupplier ready;
    private final Json json;

    /** @param ready what the readiness probe decides, for probes that get no details */
    public AccessFilter(Authentication authentication, BooleanSupplier ready, Json json) {
        this.authentication = authentication;
        this.ready = ready;
        this.json = json;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<Endpoint> endpoint = Endpoint.of(request.prologue().uriPath().path());
        Caller caller;
        if (endpoint.isPresent() && endpoint.get().scope().isEmpty() && authentication.enabled()) {
            if (endpoint.get() == Endpoint.HEALTH
                    && !authentication
                            .knownCallerOf(request)
                            .map(known -> known.has(Scope.ADMIN))
                            .orElse(false)) {
                summary(request, response);
                return;
            }
            caller = authentication.visitorOf(request);
        } else {
            caller = authentication.callerOf(request);
            Optional<Scope> needed = endpoint.flatMap(Endpoint::scope);
            if (needed.isPresent() && !caller.has(needed.get())) {
                throw new ForbiddenException("key '" + caller.id() + "' has no scope for "
                        + endpoint.get().path() + " (it needs " + needed.get().label() + ")");
            }
        }
        request.context().register(caller);
        chain.proceed();
    }

    /** Up or down with the probe's status code, as the health endpoints answer it, without the checks. */
    private void summary(RoutingRequest request, RoutingResponse response) {
        boolean up = request.path().path().endsWith("/live") || ready.getAsBoolean();
        json.send(response, up ? 200 : 503, new Summary(up ? "UP" : "DOWN"));
    }
}
