package dev.ragservice.bootstrap.access;

import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.access.UnauthorizedException;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Turns a request into its {@link Caller}: the key of the keys file it presents, or, with access control off (no
 * {@code API_KEYS_FILE}), an anonymous caller that may do anything, limited by its key or address as before.
 */
public final class Authentication {

    private final Optional<ApiKeys> keys;
    private final Callers callers;

    /** @param keys empty: access control is off */
    public Authentication(Optional<ApiKeys> keys, Callers callers) {
        this.keys = keys;
        this.callers = callers;
    }

    public boolean enabled() {
        return keys.isPresent();
    }

    /** @throws UnauthorizedException when access control is on and the request has no key, or an unknown one */
    public Caller callerOf(ServerRequest request) {
        if (keys.isEmpty()) {
            return Caller.anonymous(callers.clientOf(request));
        }
        String presented = Callers.presentedKey(request)
                .orElseThrow(() -> new UnauthorizedException(
                        "an API key is required: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
        return keys.get()
                .find(presented)
                .map(Caller::of)
                .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
    }

    /** The caller when the request presents a valid key (or access control is off), without refusing anyone. */
    public Optional<Caller> knownCallerOf(ServerRequest request) {
        try {
            return Optional.of(callerOf(request));
        } catch (UnauthorizedException e) {
            return Optional.empty();
        }
    }

    /** Someone on an open endpoint: limited by address, so an unknown key creates no rate-limit state. */
    public Caller visitorOf(ServerRequest request) {
        return Caller.anonymous(callers.addressOf(request));
    }
}
