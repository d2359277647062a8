package dev.ragservice.domain.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who a limit applies to: a client's API key or, without one, its address, always as a hash. The raw key never
 * reaches a store, a log line or a metric: only {@link #value()} does, which cannot be turned back into it.
 */
public record ClientKey(String value) {

    public ClientKey {
        Objects.requireNonNull(value, "value");
    }

    public static ClientKey ofApiKey(String apiKey) {
        return new ClientKey("key:" + sha256(apiKey));
    }

    /** A key of the keys file, by its id (not secret): its limits follow it whatever secret it is presented with. */
    public static ClientKey ofKeyId(String id) {
        return new ClientKey("id:" + id);
    }

    public static ClientKey ofAddress(String address) {
        return new ClientKey("ip:" + sha256(address));
    }

    /** 128 bits of SHA-256: collisions between clients are out of reach, and keys stay short. */
    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
