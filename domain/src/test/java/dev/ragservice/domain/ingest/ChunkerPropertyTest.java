package dev.ragservice.domain.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.ragservice.domain.Texts;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ChunkerPropertyTest {

    private static final int EXAMPLES = 1000;

    record Case(String text, ChunkingPolicy policy) {}

    /**
     * Prose of up to 25 sentences of 1 to 40 words (each 1 to 30 letters and digits), ending in every kind of
     * punctuation and line break, padded with white space; budgets of 8 to 64 tokens with any overlap up to half.
     */
    private static Gen<Case> cases() {
        Gen<String> word = Texts.over("abcdeéxyz0123", 1, 30);
        Gen<String> end = Generate.pick(List.of(". ", "? ", "! ", " ", ".\n\n", "\n", ", "));
        Gen<String> sentence =
                lists().of(word).ofSizeBetween(1, 40).zip(end, (words, e) -> capitalised(String.join(" ", words)) + e);
        Gen<String> text = lists().of(sentence).ofSizeBetween(0, 25).map(sentences -> String.join("", sentences));
        Gen<ChunkingPolicy> policy = integers()
                .between(8, 64)
                .flatMap(max -> integers().between(0, (max - 1) / 2).map(overlap -> new ChunkingPolicy(max, overlap)));
        Gen<String> padding = Generate.pick(List.of("", " ", "\n ", "\t"));
        return padding.zip(text, padding, policy, (p, t, q, pol) -> new Case(p + t + q, pol));
    }

    /** The JDK's sentence rules only break before a capital, as in real prose. */
    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    @Test
    void everyChunkFitsTheBudget() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            Chunker chunker = new Chunker(ChunkerTest.WORDS, c.policy());
            assertThat(chunker.split(c.text()))
                    .allSatisfy(chunk -> assertThat(ChunkerTest.WORDS.applyAsInt(chunk))
                            .isLessThanOrEqualTo(c.policy().maxTokens()));
        });
    }

    @Test
    void everyWordIsInSomeChunkInOrder() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            List<String> chunks = new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text());

            List<List<String>> chunkWords =
                    chunks.stream().map(ChunkerPropertyTest::words).toList();
            assertThat(Coverage.coversInOrder(words(c.text()), chunkWords)).isTrue();
        });
    }

    @Test
    void textThatFitsIsExactlyOneChunk() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            List<String> chunks = new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text());
            int tokens = ChunkerTest.WORDS.applyAsInt(c.text());

            if (tokens == 0) {
                assertThat(chunks).isEmpty();
            } else if (tokens <= c.policy().maxTokens()) {
                assertThat(chunks).containsExactly(c.text().strip());
            } else {
                assertThat(chunks).hasSizeGreaterThan(1);
            }
        });
    }

    @Test
    void chunksAreStrippedSubstringsOfTheText() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            assertThat(new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text()))
                    .allSatisfy(chunk -> {
                        assertThat(c.text()).contains(chunk);
                        assertThat(chunk).isEqualTo(chunk.strip()).isNotEmpty();
                    });
        });
    }

    @Test
    void isDeterministic() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            assertThat(new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text()))
                    .isEqualTo(new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text()));
        });
    }

    /** With subword counts, long words are cut between characters; still nothing exceeds or goes missing. */
    @Test
    void subwordCountsAlsoFitAndCoverEveryCharacter() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            List<String> chunks = new Chunker(ChunkerTest.SUBWORDS, c.policy()).split(c.text());

            assertThat(chunks)
                    .allSatisfy(chunk -> assertThat(ChunkerTest.SUBWORDS.applyAsInt(chunk))
                            .isLessThanOrEqualTo(c.policy().maxTokens()));
            List<List<Integer>> parts =
                    chunks.stream().map(ChunkerPropertyTest::visibleCodePoints).toList();
            assertThat(Coverage.coversInOrder(visibleCodePoints(c.text()), parts))
                    .isTrue();
        });
    }

    /**
     * A tokenizer that reads any word as one token, however long (as MiniLM's reads a word over 100 characters as
     * one unknown token): the character bound alone keeps every chunk short, and nothing goes missing.
     */
    @Test
    void theCharacterBoundHoldsWhateverTheTokensSay() {
        Gen<String> word = Texts.over("abcxyz019", 1, 500);
        Gen<String> text = lists().of(word).ofSizeBetween(1, 30).map(words -> String.join(" ", words) + ".");
        Gen<ChunkingPolicy> policy = integers()
                .between(8, 64)
                .zip(integers().between(32, 300), (max, chars) -> new ChunkingPolicy(max, 0, chars));
        qt().withExamples(EXAMPLES).forAll(text, policy).checkAssert((t, pol) -> {
            List<String> chunks = new Chunker(ChunkerTest.WORDS, pol).split(t);

            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.length()).isLessThanOrEqualTo(pol.maxChars());
                assertThat(ChunkerTest.WORDS.applyAsInt(chunk)).isLessThanOrEqualTo(pol.maxTokens());
            });
            List<List<Integer>> parts =
                    chunks.stream().map(ChunkerPropertyTest::visibleCodePoints).toList();
            assertThat(Coverage.coversInOrder(visibleCodePoints(t), parts)).isTrue();
        });
    }

    private static List<Integer> visibleCodePoints(String text) {
        return text.codePoints()
                .filter(cp -> !Character.isWhitespace(cp))
                .boxed()
                .collect(Collectors.toList());
    }
}
