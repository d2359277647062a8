package dev.ragservice.domain;

import dev.ragservice.domain.ratelimit.ClientKey;
import dev.ragservice.ports.Deadline;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a request is for and by when it must be answered. The HTTP edge makes it for every request and it travels
 * with the request's command or question into the use cases, which hand the deadline to every port they call and
 * the client to the limits that apply to it.
 *
 * @param client   whose limits apply; empty for work the service does for itself (evaluation, start-up)
 * @param deadline when the caller stops waiting; every stage of the request shares it
 */
public record RequestContext(Optional<ClientKey> client, Deadline deadline) {

    public RequestContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(deadline, "deadline");
    }

    public static RequestContext of(ClientKey client, Deadline deadline) {
        return new RequestContext(Optional.of(client), deadline);
    }

    /** Work the service does for itself, bounded by {@code timeout}: no client's limits apply to it. */
    public static RequestContext internal(Duration timeout) {
        return new RequestContext(Optional.empty(), Deadline.after(timeout));
    }
}
