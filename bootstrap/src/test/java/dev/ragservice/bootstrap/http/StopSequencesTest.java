package dev.ragservice.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI's {@code stop} over a stream: the same text however the answer is cut into pieces. */
class StopSequencesTest {

    @Test
    void theTextEndsBeforeTheFirstSequenceWhichIsLeftOut() {
        assertThat(StopSequences.cut("Fresnel [1]. END more", List.of(" END"))).isEqualTo("Fresnel [1].");
        assertThat(StopSequences.cut("a\n\nb STOP c", List.of("STOP", "\n\n"))).isEqualTo("a");
        assertThat(StopSequences.cut("nothing to stop", List.of("END"))).isEqualTo("nothing to stop");
        assertThat(StopSequences.cut("any text", List.of())).isEqualTo("any text");
    }

    @Test
    void everyWayOfCuttingTheStreamGivesTheWholeTextsAnswer() {
        List<String> sequences = List.of("END", "\n\n", "ENDLESS");
        for (String text : List.of("Fresnel invented it. END of answer", "a EN b E c\n d\n\ne", "no stop at all E")) {
            String whole = StopSequences.cut(text, sequences);
            for (int first = 0; first <= text.length(); first++) {
                for (int second = first; second <= text.length(); second++) {
                    StopSequences stop = new StopSequences(sequences);
                    String streamed = stop.accept(text.substring(0, first))
                            + stop.accept(text.substring(first, second))
                            + stop.accept(text.substring(second))
                            + stop.finish();
                    assertThat(streamed)
                            .as("%s cut at %d and %d", text, first, second)
                            .isEqualTo(whole);
                }
            }
        }
    }

    @Test
    void aPossibleStartOfASequenceIsHeldBackUntilTheNextPieceDecides() {
        StopSequences stop = new StopSequences(List.of("END"));

        assertThat(stop.accept("Fresnel E")).isEqualTo("Fresnel ");
        assertThat(stop.accept("N")).isEmpty();
        assertThat(stop.accept("try")).isEqualTo("ENtry");
        assertThat(stop.stopped()).isFalse();
        assertThat(stop.accept(" EN")).isEqualTo(" ");
        assertThat(stop.accept("D and more")).isEmpty();
        assertThat(stop.stopped()).isTrue();
        assertThat(stop.accept("after")).isEmpty();
        assertThat(stop.finish()).isEmpty();
    }
}
