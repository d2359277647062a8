package dev.ragservice.bootstrap.access;

import dev.ragservice.domain.ratelimit.ClientKey;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Who sent a request, as far as HTTP tells: the API key it presents ({@code X-API-Key}, or
 * {@code Authorization: Bearer}), and its address (the last {@code X-Forwarded-For} address when the load balancer
 * is trusted to set it). Only a hash of either leaves as a {@link ClientKey}.
 */
public final class Callers {

    private static final HeaderName API_KEY = HeaderNames.create("X-API-Key");
    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

    private final boolean trustForwardedFor;

    public Callers(boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    /** The key the request presents: {@code X-API-Key}, or the token of {@code Authorization: Bearer}. */
    public static Optional<String> presentedKey(ServerRequest request) {
        return request.headers()
                .first(API_KEY)
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .or(() -> request.headers()
                        .first(HeaderNames.AUTHORIZATION)
                        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                        .map(value -> value.substring(7).trim())
                        .filter(token -> !token.isEmpty()));
    }

    /** Its presented key when it has one, else its address. */
    public ClientKey clientOf(ServerRequest request) {
        return presentedKey(request).map(ClientKey::ofApiKey).orElseGet(() -> addressOf(request));
    }

    /** Its address: the connection's, or the last of {@code X-Forwarded-For} when the load balancer is trusted. */
    public ClientKey addressOf(ServerRequest request) {
        if (trustForwardedFor) {
            Optional<String> forwarded = request.headers()
                    .first(FORWARDED_FOR)
                    .map(list -> list.substring(list.lastIndexOf(',') + 1).trim())
                    .filter(address -> !address.isEmpty());
            if (forwarded.isPresent()) {
                return ClientKey.ofAddress(forwarded.get());
            }
        }
        return ClientKey.ofAddress(address(request.remotePeer().address()));
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(address);
    }
}
