package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.config.ResilienceSettings;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.ports.Deadline;
import io.helidon.webserver.http.ServerRequest;

/** Makes the {@link RequestContext} a handler passes to its use case: the caller, and its endpoint's deadline. */
public final class RequestContexts {

    private final Callers callers;
    private final ResilienceSettings settings;

    public RequestContexts(Callers callers, ResilienceSettings settings) {
        this.callers = callers;
        this.settings = settings;
    }

    /** @throws IllegalArgumentException for an endpoint without a deadline (it calls no dependency) */
    public RequestContext of(ServerRequest request, Endpoint endpoint) {
        Deadline deadline = Deadline.after(endpoint.timeout(settings).orElseThrow(() ->
                new IllegalArgumentException(endpoint + " has no deadline")));
        return RequestContext.of(callers.clientOf(request), deadline);
    }
}
