package dev.ragservice.bootstrap.observe;

import dev.ragservice.bootstrap.http.Endpoint;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Around every request: a request id (taken from {@code X-Request-Id} or made), the request metrics, and one
 * structured log line. The log line never holds a body, a query string or a header value but the request id.
 */
public final class RequestObserver implements Filter {

    private static final System.Logger ACCESS = System.getLogger("dev.ragservice.access");
    private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RagMetrics metrics;

    public RequestObserver(RagMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        String requestId = request.headers()
                .first(REQUEST_ID)
                .filter(id -> SAFE_ID.matcher(id).matches())
                .orElseGet(RequestObserver::newRequestId);
        response.header(REQUEST_ID, requestId);
        try {
            chain.proceed();
        } finally {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            String path = request.prologue().uriPath().path();
            int status = response.status().code();
            metrics.request(Endpoint.labelOf(path), status, latency);
            if (ACCESS.isLoggable(Level.INFO)) {
                ACCESS.log(
                        Level.INFO,
                        JsonLogLine.access(
                                requestId, request.prologue().method().text(), path, status, latency.toNanos() / 1e6));
            }
        }
    }

    /** Random enough to tell requests apart; SecureRandom's UUIDs showed up in cache-hit profiles. */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
