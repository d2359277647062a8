package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.config.ResilienceSettings;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.access.Caller;
import dev.ragservice.ports.Deadline;
import io.helidon.webserver.http.ServerRequest;

/**
 * Makes the {@link RequestContext} a handler passes to its use case: the caller the access filter decided, and
 * the endpoint's deadline.
 */
public final class RequestContexts {

    private final ResilienceSettings settings;
    private final String defaultNamespace;

    public RequestContexts(ResilienceSettings settings, String defaultNamespace) {
        this.settings = settings;
        this.defaultNamespace = defaultNamespace;
    }

    /** @throws IllegalArgumentException for an endpoint without a deadline (it calls no dependency) */
    public RequestContext of(ServerRequest request, Endpoint endpoint) {
        Deadline deadline = Deadline.after(endpoint.timeout(settings)
                .orElseThrow(() -> new IllegalArgumentException(endpoint + " has no deadline")));
        return new RequestContext(callerOf(request), deadline);
    }

    /** Where a request that names no namespace goes: its key's first namespace, or the service's default. */
    public String defaultNamespace(ServerRequest request) {
        return callerOf(request).namespaces().defaultNamespace(defaultNamespace);
    }

    /** The caller the access filter decided. */
    public Caller caller(ServerRequest request) {
        return callerOf(request);
    }

    /** The service's own default namespace ({@code DEFAULT_NAMESPACE}), whatever the caller's key says. */
    public String serviceDefaultNamespace() {
        return defaultNamespace;
    }

    private static Caller callerOf(ServerRequest request) {
        return request.context()
                .get(Caller.class)
                .orElseThrow(() -> new IllegalStateException("the access filter decides the caller of every request"));
    }
}
