package dev.ragservice.domain.access;

import dev.ragservice.domain.ratelimit.ClientKey;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request is for: a key of the keys file, a client told apart by its key or address while access control
 * is off, or the service itself. Every use case checks it against the namespace it touches.
 *
 * @param id       safe to log: a key's id, {@code anonymous} or {@code service}
 * @param limitsAs whose rate limits and budgets apply; empty for the service's own work, which is not limited
 */
public record Caller(
        String id, Optional<ClientKey> limitsAs, Set<Scope> scopes, NamespaceGrant namespaces, KeyLimits limits) {

    private static final Set<Scope> EVERY_SCOPE = Set.copyOf(EnumSet.allOf(Scope.class));

    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(limitsAs, "limitsAs");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(limits, "limits");
    }

    /** A key of the keys file: its scopes, namespaces and limits; its state in the limiter is its id's. */
    public static Caller of(ApiKey key) {
        return new Caller(
                key.id(), Optional.of(ClientKey.ofKeyId(key.id())), key.scopes(), key.namespaces(), key.limits());
    }

    /** Access control off ({@code API_KEYS_FILE} unset): anyone may do anything, limited as this client. */
    public static Caller anonymous(ClientKey client) {
        return new Caller("anonymous", Optional.of(client), EVERY_SCOPE, NamespaceGrant.ALL, KeyLimits.NONE);
    }

    /** The service's own work (evaluation, start-up): every namespace, no limits. */
    public static Caller service() {
        return new Caller("service", Optional.empty(), EVERY_SCOPE, NamespaceGrant.ALL, KeyLimits.NONE);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    /**
     * @throws ForbiddenException when the caller lacks the scope or the namespace; the message names neither
     *                            another tenant's namespaces nor anything about them
     */
    public void authorize(Scope scope, String namespace) {
        if (!has(scope)) {
            throw new ForbiddenException("key '" + id + "' may not "
                    + switch (scope) {
                        case QUERY -> "query";
                        case INGEST -> "ingest or delete documents";
                        case ADMIN -> "use this endpoint";
                    });
        }
        if (!namespaces.allows(namespace)) {
            throw new ForbiddenException("key '" + id + "' may not use namespace '" + namespace + "'");
        }
    }
}
