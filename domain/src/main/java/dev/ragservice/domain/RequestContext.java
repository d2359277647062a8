package dev.ragservice.domain;

import dev.ragservice.domain.access.Caller;
import dev.ragservice.ports.Deadline;
import java.time.Duration;
import java.util.Objects;

/**
 * Who a request is for and by when it must be answered. The HTTP edge makes it for every request and it travels
 * with the request's command or question into the use cases, which check the caller against the namespace they
 * touch, hand the deadline to every port they call, and charge the caller's limits.
 *
 * @param caller   who asks: what it may do, in which namespaces, under which limits
 * @param deadline when the caller stops waiting; every stage of the request shares it
 */
public record RequestContext(Caller caller, Deadline deadline) {

    public RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** Work the service does for itself, bounded by {@code timeout}: every namespace, no limits. */
    public static RequestContext internal(Duration timeout) {
        return new RequestContext(Caller.service(), Deadline.after(timeout));
    }
}
