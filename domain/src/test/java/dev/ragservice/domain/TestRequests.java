package dev.ragservice.domain;

import java.time.Duration;

/** The context of requests made by tests: no client's limits, and a deadline no test comes near. */
public final class TestRequests {

    private TestRequests() {}

    public static RequestContext context() {
        return RequestContext.internal(Duration.ofMinutes(5));
    }
}
