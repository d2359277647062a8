package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void redrawsInPlaceAtMostFourTimesASecondAndAlwaysAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        try (ProgressBar bar =
                new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ingest", 4, clock::get)) {
            bar.advance(1); // drawn: the first step
            bar.advance(1); // same instant: not drawn
            clock.addAndGet(Duration.ofSeconds(65).toNanos());
            bar.advance(1); // a quarter second later: drawn
            bar.advance(1); // the last step: drawn
        }
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(output.split("\r", -1)).hasSize(4); // three drawings, each after a carriage return
        assertThat(output)
                .contains("1/4  25%")
                .doesNotContain("2/4")
                .contains("3/4  75% 1:05")
                .endsWith("[" + "#".repeat(30) + "] 4/4 100% 1:05\n");
    }
}
