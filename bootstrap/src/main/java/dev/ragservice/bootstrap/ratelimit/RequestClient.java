package dev.ragservice.bootstrap.ratelimit;

import dev.ragservice.domain.ratelimit.ClientKey;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client of the request this thread serves, for the tokens-per-minute limit deep inside the answer. Helidon
 * serves each request on a virtual thread of its own; {@link RateLimitFilter} sets the client around the rest of
 * the request and clears it after. Work handed to another thread does not see it (and is then not limited by
 * tokens), so the token-limited chat model must run on the request's thread, outside any executor.
 */
public final class RequestClient implements Supplier<Optional<ClientKey>> {

    private final ThreadLocal<ClientKey> current = new ThreadLocal<>();

    @Override
    public Optional<ClientKey> get() {
        return Optional.ofNullable(current.get());
    }

    void run(ClientKey client, Runnable action) {
        ClientKey previous = current.get();
        current.set(client);
        try {
            action.run();
        } finally {
            if (previous == null) {
                current.remove();
            } else {
                current.set(previous);
            }
        }
    }
}
