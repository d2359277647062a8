package dev.ragservice.adapters.openai;

import dev.ragservice.ports.Nullable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} body event by event, as each arrives: the {@code data} of an event is handed out
 * once the blank line that ends it has come. Comments (keep-alive lines) and the fields a chat stream does not use
 * ({@code event}, {@code id}, {@code retry}) are skipped; several {@code data} lines of one event are joined with
 * line feeds, as the WHATWG specification of server-sent events says.
 */
final class ServerSentEvents {

    private final BufferedReader lines;

    ServerSentEvents(InputStream body) {
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The data of the next event; null when the stream ended (an event left without its blank line is dropped). */
    @Nullable
    String next() throws IOException {
        StringBuilder data = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
            } else if (line.startsWith("data:")) {
                String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            }
        }
        return null;
    }
}
