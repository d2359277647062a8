package dev.ragservice.bootstrap.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.function.BooleanSupplier;

/**
 * While the service shuts down, every response says {@code Connection: close}. A client then opens a new
 * connection for its next request, which the closed listener refuses cleanly, instead of reusing a kept-alive
 * connection at the moment the server closes it, which would lose a request it had already sent.
 */
public final class ConnectionDraining implements Filter {

    private final BooleanSupplier draining;

    public ConnectionDraining(BooleanSupplier draining) {
        this.draining = draining;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (draining.getAsBoolean()) {
            response.header(HeaderValues.CONNECTION_CLOSE);
        }
        chain.proceed();
    }
}
