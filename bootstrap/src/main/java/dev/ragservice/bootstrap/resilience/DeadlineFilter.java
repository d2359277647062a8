package dev.ragservice.bootstrap.resilience;

import dev.ragservice.bootstrap.config.ResilienceSettings;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Gives each request its deadline: ingesting a batch of documents may take far longer than a query. */
public final class DeadlineFilter implements Filter {

    private final ResilienceSettings settings;

    public DeadlineFilter(ResilienceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        boolean ingest = request.path().path().startsWith("/documents");
        RequestDeadline.start(ingest ? settings.ingestTimeout() : settings.queryTimeout());
        try {
            chain.proceed();
        } finally {
            RequestDeadline.clear();
        }
    }
}
