package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.vector.MetadataValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentAnswersTest {

    private final RecentAnswers answers = new RecentAnswers();

    private static CachedAnswer answer(String text) {
        return new CachedAnswer(
                text, List.of(CacheCodecTest.hit("doc-a#0", Map.of("year", MetadataValue.of(2017)))), "extractive");
    }

    @Test
    void aRememberedAnswerIsFoundByTheBytesContentNotByTheArray() {
        byte[] first = CacheCodec.encodeAnswer(answer("First [1]."));
        byte[] second = CacheCodec.encodeAnswer(answer("Second [1]."));

        assertThat(answers.decode(first)).contains(answer("First [1]."));
        assertThat(answers.decode(second)).contains(answer("Second [1]."));
        // A copy, as Redis returns: the same answer, decoded once.
        assertThat(answers.decode(first.clone()).orElseThrow())
                .isSameAs(answers.decode(first).orElseThrow());
    }

    @Test
    void keepsDecodingCorrectlyPastItsBound() {
        for (int i = 0; i < RecentAnswers.MAX_ENTRIES * 2 + 1; i++) {
            assertThat(answers.decode(CacheCodec.encodeAnswer(answer("Answer " + i))))
                    .contains(answer("Answer " + i));
        }
        assertThat(answers.decode(CacheCodec.encodeAnswer(answer("Answer 0")))).contains(answer("Answer 0"));
    }

    @Test
    void otherFormatsAndCorruptValuesAreNotRemembered() {
        byte[] bytes = CacheCodec.encodeAnswer(answer("Text [1]."));
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = CacheCodec.FORMAT + 1;

        assertThat(answers.decode(otherFormat)).isEmpty();
        assertThat(answers.decode(otherFormat)).isEmpty();
        assertThatThrownBy(() -> answers.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> answers.decode(CacheCodec.encodeVector(new float[] {1f})))
                .hasMessageContaining("kind");
    }
}
