package dev.ragservice.domain.access;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A key the service accepts. The service keeps only the SHA-256 of its secret; {@link #id()} names it in logs,
 * metrics and rate-limit state, and is safe to show.
 *
 * @param sha256 lower-case hex SHA-256 of the whole key string
 */
public record ApiKey(String id, String sha256, Set<Scope> scopes, NamespaceGrant namespaces, KeyLimits limits) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ApiKey {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "a key id is 1 to 64 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
        sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase();
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("key '" + id + "': sha256 must be 64 hex digits");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("key '" + id + "' has no scope");
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(limits, "limits");
    }

    /** The hex SHA-256 of a presented key, to compare with {@link #sha256()}. */
    public static String hash(String presentedKey) {
        return HexFormat.of().formatHex(Sha256.of(presentedKey));
    }
}
