package dev.ragservice.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code text/event-stream} response event by event as it arrives, as a browser's EventSource or
 * {@code curl -N} would; closing it closes the connection before the stream has ended.
 */
final class EventStreamReader implements AutoCloseable {

    /** One event; a comment line (a heartbeat) is an event named {@code :} with the comment as its data. */
    record Event(String name, String data) {
        JsonNode json() {
            try {
                return TestClient.MAPPER.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }

        boolean comment() {
            return name.equals(":");
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BufferedReader lines;

    private EventStreamReader(HttpResponse<InputStream> response) {
        this.response = response;
        this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** POSTs {@code body} as JSON; headers as name/value pairs. */
    static EventStreamReader post(int port, String path, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestClient.MAPPER.writeValueAsString(body)));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return new EventStreamReader(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event or comment; null at the end of the stream. */
    Event next() {
        try {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        return new Event(name, data.toString());
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    return new Event(":", line.substring(1).strip());
                }
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring("data:".length()).strip());
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event that is not a comment. */
    Event nextEvent() {
        for (Event event = next(); ; event = next()) {
            if (event == null || !event.comment()) {
                return event;
            }
        }
    }

    /** Every event to the end of the stream, comments left out. */
    List<Event> rest() {
        List<Event> events = new ArrayList<>();
        for (Event event = nextEvent(); event != null; event = nextEvent()) {
            events.add(event);
        }
        return events;
    }

    /** The whole body, for a response that is not a stream (an error). */
    String body() {
        try {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
