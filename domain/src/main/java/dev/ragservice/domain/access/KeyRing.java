package dev.ragservice.domain.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys the service accepts, found by the SHA-256 of what a client presents: the secret itself is never
 * kept, and a lookup by hash reveals nothing about other keys.
 */
public final class KeyRing {

    private final Map<String, ApiKey> byHash;
    private final List<ApiKey> keys;

    /** @throws IllegalArgumentException when two keys share an id or a hash */
    public KeyRing(List<ApiKey> keys) {
        Map<String, ApiKey> hashes = new HashMap<>();
        Map<String, ApiKey> ids = new HashMap<>();
        for (ApiKey key : keys) {
            if (ids.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("two keys have the id '" + key.id() + "'");
            }
            if (hashes.putIfAbsent(key.sha256(), key) != null) {
                throw new IllegalArgumentException(
                        "keys '" + hashes.get(key.sha256()).id() + "' and '" + key.id() + "' have the same sha256");
            }
        }
        this.byHash = Map.copyOf(hashes);
        this.keys = List.copyOf(keys);
    }

    /** The key a client presented, if it is one of these. */
    public Optional<ApiKey> find(String presentedKey) {
        return Optional.ofNullable(byHash.get(ApiKey.hash(presentedKey)));
    }

    public List<ApiKey> keys() {
        return keys;
    }
}
