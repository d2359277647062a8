package dev.ragservice.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.DependencyException;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class OpenAiExceptionTranslatorTest {

    private final OpenAiExceptionTranslator translator =
            new OpenAiExceptionTranslator("my-local-server-token", Clock.systemUTC());

    @Test
    void scrubsTheConfiguredKeyAndAnythingShapedLikeAnOpenAiKey() {
        assertThat(translator.scrub("token my-local-server-token refused")).isEqualTo("token [redacted] refused");
        assertThat(translator.scrub("Incorrect API key provided: sk-proj-abc1****wxyz."))
                .isEqualTo("Incorrect API key provided: sk-[redacted].");
    }

    @Test
    void leavesOrdinaryWordsAlone() {
        assertThat(translator.scrub("the task-list on disk-2 is fine")).isEqualTo("the task-list on disk-2 is fine");
        assertThat(new OpenAiExceptionTranslator("unused", Clock.systemUTC()).scrub("an unused field"))
                .isEqualTo("an unused field");
    }

    @Test
    void keepsACauseOnlyWhenNoMessageAlongItNeedsScrubbing() {
        IOException reset = new IOException("Connection reset");
        assertThat(translator.unavailable("POST /embeddings", reset).getCause()).isSameAs(reset);

        IOException quoting = new IOException("wrapped", new IOException("Invalid status line: \"sk-proj-abc123\""));
        DependencyException e = translator.unavailable("POST /embeddings", quoting);
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage()).doesNotContain("sk-proj-abc123");
    }
}
