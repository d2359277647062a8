package dev.ragservice.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the event-stream format that servers really use, read as the WHATWG specification says. */
class ServerSentEventsTest {

    @Test
    void handsOutTheDataOfEachEventOnceItsBlankLineCame() throws IOException {
        assertThat(events("data: {\"a\":1}\n\ndata: [DONE]\n\n")).containsExactly("{\"a\":1}", "[DONE]");
    }

    @Test
    void skipsCommentsAndOtherFieldsAndAcceptsEveryLineEnding() throws IOException {
        assertThat(events(": keep-alive\r\n\r\nevent: message\r\nid: 7\r\ndata:no space\r\n\r\nretry: 10\rdata: x\r\r"))
                .containsExactly("no space", "x");
    }

    @Test
    void joinsTheDataLinesOfOneEvent() throws IOException {
        assertThat(events("data: first\ndata: second\n\n")).containsExactly("first\nsecond");
    }

    @Test
    void dropsAnEventCutBeforeItsBlankLine() throws IOException {
        assertThat(events("data: whole\n\ndata: {\"cut\": tr")).containsExactly("whole");
    }

    private static List<String> events(String stream) throws IOException {
        ServerSentEvents events =
                new ServerSentEvents(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<String> data = new ArrayList<>();
        for (String event = events.next(); event != null; event = events.next()) {
            data.add(event);
        }
        return data;
    }
}
