package dev.ragservice.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    @Test
    void asciiCountsOneTokenPerThreeCharactersRoundedUp() {
        assertThat(TokenEstimate.of("")).isZero();
        assertThat(TokenEstimate.of("a")).isEqualTo(1);
        assertThat(TokenEstimate.of("abc")).isEqualTo(1);
        assertThat(TokenEstimate.of("abcd")).isEqualTo(2);
        String prose = "Lighthouses used the Fresnel lens to focus their light into a beam.";
        assertThat(TokenEstimate.of(prose)).isEqualTo((prose.length() + 2) / 3);
    }

    @Test
    void everythingElseCountsOneTokenPerUtf8ByteWhichByteLevelBpeCannotExceed() {
        for (String text : new String[] {"é", "灯台", "😀", "Fresnel-Linse für Leuchttürme"}) {
            long ascii = text.chars().filter(c -> c < 0x80).count();
            long otherBytes = text.getBytes(StandardCharsets.UTF_8).length - ascii;
            assertThat(TokenEstimate.of(text)).as(text).isEqualTo((int) ((ascii + 2) / 3 + otherBytes));
        }
        assertThat(TokenEstimate.of("灯台")).isEqualTo(6);
        assertThat(TokenEstimate.of("😀")).isEqualTo(4);
    }

    @Test
    void neverShrinksWhenTextGrows() {
        StringBuilder text = new StringBuilder();
        int previous = 0;
        for (String piece : new String[] {"word ", "ü", "灯", " 42", "😀", "\n"}) {
            for (int i = 0; i < 50; i++) {
                text.append(piece);
                int now = TokenEstimate.of(text.toString());
                assertThat(now).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
        }
    }
}
