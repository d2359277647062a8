package dev.ragservice.domain.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    /** Whitespace-separated words, like the fake embedding model. */
    static final ToIntFunction<String> WORDS =
            text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    /** A subword tokenizer's shape: a word of n characters is ceil(n / 4) tokens. */
    static final ToIntFunction<String> SUBWORDS =
            text -> Arrays.stream(text.strip().split("\\s+"))
                    .filter(word -> !word.isEmpty())
                    .mapToInt(word -> (word.length() + 3) / 4)
                    .sum();

    /** "A0 a1 a2." - capitalised, because the JDK's sentence rules do not break before a lower-case word. */
    private static String sentence(String tag, int words) {
        String text = IntStream.range(0, words).mapToObj(i -> tag + i).collect(Collectors.joining(" ")) + ".";
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Test
    void blankTextHasNoChunks() {
        Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(8, 0));
        assertThat(chunker.split("")).isEmpty();
        assertThat(chunker.split(" \n\t ")).isEmpty();
        assertThat(chunker.split(null)).isEmpty();
    }

    @Test
    void textThatFitsIsOneUnchangedChunk() {
        String text = "  First line of an abstract.\n\nSecond   paragraph, spacing kept.  ";
        Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(11, 2));

        assertThat(chunker.split(text)).containsExactly(text.strip());
    }

    @Test
    void textThatFitsIsNeverSplitEvenWhenItsPartsWouldCountMore() {
        // A tokenizer whose every input costs at least 5 tokens: the 8-word text fits, its 2-word sentences
        // would add up to 20.
        ToIntFunction<String> minimumFive = text -> Math.max(5, WORDS.applyAsInt(text));
        String text = "One two. Three four. Five six. Seven eight.";

        assertThat(new Chunker(minimumFive, new ChunkingPolicy(8, 0)).split(text))
                .containsExactly(text);
    }

    @Test
    void packsWholeSentencesUpToTheBudget() {
        String text = String.join(" ", sentence("a", 5), sentence("b", 5), sentence("c", 5), sentence("d", 5));
        Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(12, 0));

        assertThat(chunker.split(text))
                .containsExactly(sentence("a", 5) + " " + sentence("b", 5), sentence("c", 5) + " " + sentence("d", 5));
    }

    @Test
    void nextChunkStartsWithTheTrailingSentencesThatFitTheOverlap() {
        String text = String.join(
                " ", sentence("a", 3), sentence("b", 3), sentence("c", 3), sentence("d", 3), sentence("e", 3));
        Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(9, 4));

        assertThat(chunker.split(text))
                .containsExactly(
                        String.join(" ", sentence("a", 3), sentence("b", 3), sentence("c", 3)),
                        String.join(" ", sentence("c", 3), sentence("d", 3), sentence("e", 3)));
    }

    @Test
    void noOverlapWhenTheLastSentenceAloneIsBiggerThanTheOverlap() {
        String text = String.join(" ", sentence("a", 4), sentence("b", 6), sentence("c", 6));
        Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(10, 4));

        assertThat(chunker.split(text)).containsExactly(sentence("a", 4) + " " + sentence("b", 6), sentence("c", 6));
    }

    @Test
    void aSentenceLongerThanTheBudgetIsCutBetweenWords() {
        String text = sentence("w", 30);
        Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(8, 0));

        List<String> chunks = chunker.split(text);

        assertThat(chunks)
                .hasSize(4)
                .allSatisfy(chunk -> assertThat(WORDS.applyAsInt(chunk)).isLessThanOrEqualTo(8));
        assertThat(String.join(" ", chunks)).isEqualTo(text);
    }

    @Test
    void aWordLongerThanTheBudgetIsCutBetweenCharacters() {
        String word = "x".repeat(100);
        Chunker chunker = new Chunker(SUBWORDS, new ChunkingPolicy(8, 0));

        List<String> chunks = chunker.split("Short start. " + word + " end.");

        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(SUBWORDS.applyAsInt(chunk)).isLessThanOrEqualTo(8));
        assertThat(String.join("", chunks).replace(" ", "")).isEqualTo("Shortstart." + word + "end.");
    }

    @Test
    void neverCutsASurrogatePair() {
        String word = "\uD83D\uDE00".repeat(40); // 40 emoji, 80 chars
        Chunker chunker = new Chunker(SUBWORDS, new ChunkingPolicy(8, 0));

        List<String> chunks = chunker.split(word);

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk -> {
            assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1)))
                    .isFalse();
        });
        assertThat(String.join("", chunks)).isEqualTo(word);
    }

    @Test
    void measuresTheJoinedChunkWhenPartsDoNotAddUp() {
        // Joining sentences costs an extra token per boundary here, as merges across a cut can in real tokenizers.
        ToIntFunction<String> joinCosts =
                text -> WORDS.applyAsInt(text) + (text.strip().split("\\. ").length - 1);
        String text = String.join(" ", sentence("a", 4), sentence("b", 4), sentence("c", 4), sentence("d", 4));
        Chunker chunker = new Chunker(joinCosts, new ChunkingPolicy(8, 0));

        List<String> chunks = chunker.split(text);

        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(joinCosts.applyAsInt(chunk)).isLessThanOrEqualTo(8));
        assertThat(chunks).containsExactly(sentence("a", 4), sentence("b", 4), sentence("c", 4), sentence("d", 4));
    }

    @Test
    void policyRejectsTinyBudgetsAndLargeOverlaps() {
        assertThatThrownBy(() -> new ChunkingPolicy(7, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkingPolicy(100, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkingPolicy(100, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChunkingPolicy(100, 49).overlapTokens()).isEqualTo(49);
    }
}
