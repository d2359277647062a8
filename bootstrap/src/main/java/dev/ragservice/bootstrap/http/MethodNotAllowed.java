package dev.ragservice.bootstrap.http;

import io.helidon.webserver.http.Handler;

/** A route that exists but not for this method: 405 with an {@code Allow} header and a JSON error. */
final class MethodNotAllowed {

    private MethodNotAllowed() {}

    static Handler allow(String methods) {
        return (request, response) -> {
            response.header("Allow", methods);
            throw new ApiException(
                    405,
                    "method_not_allowed",
                    request.prologue().method().text() + " is not supported here; use " + methods);
        };
    }
}
