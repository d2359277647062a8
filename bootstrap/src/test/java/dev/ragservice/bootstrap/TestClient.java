package dev.ragservice.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Speaks HTTP and JSON to a real server on loopback, as a user's client would. */
public final class TestClient {

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public TestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A GET with headers given as name/value pairs. */
    public Reply get(String path, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path)).headers(headers).GET());
    }

    public Reply postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    public Reply postJson(String path, Object body) {
        try {
            return postJson(path, MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Reply post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Any request with headers as name/value pairs; a body other than null or a string is sent as its JSON.
     */
    public Reply request(String method, String path, Object body, String... headers) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(
                            body instanceof String text ? text : MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
