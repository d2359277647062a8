package dev.ragservice.bootstrap.ratelimit;

import dev.ragservice.domain.ratelimit.RateLimitExceededException;
import dev.ragservice.ports.ratelimit.RateLimitDecision;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers of the IETF
 * draft (reset in whole seconds from now, rounded up), on admitted and refused requests alike; a refusal adds
 * {@code Retry-After}.
 */
public final class RateLimitHeaders {

    public static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
    public static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
    public static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");

    private RateLimitHeaders() {}

    public static void add(ServerResponse response, RateLimitDecision decision) {
        response.header(LIMIT, Long.toString(decision.limit()));
        response.header(REMAINING, Long.toString(decision.remaining()));
        response.header(RESET, Long.toString((decision.resetAfter().toMillis() + 999) / 1000));
        if (!decision.allowed()) {
            response.header(HeaderNames.RETRY_AFTER, Long.toString(RateLimitExceededException.seconds(decision)));
        }
    }
}
