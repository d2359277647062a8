package dev.ragservice.domain.ingest;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkerPropertyTest {

    record Case(String text, ChunkingPolicy policy) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcdeéxyz0123").ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> end = Arbitraries.of(". ", "? ", "! ", " ", ".\n\n", "\n", ", ");
        Arbitrary<String> sentence = Combinators.combine(word.list().ofMinSize(1).ofMaxSize(40), end)
                .as((words, e) -> capitalised(String.join(" ", words)) + e);
        Arbitrary<String> text = sentence.list().ofMinSize(0).ofMaxSize(25)
                .map(sentences -> String.join("", sentences));
        Arbitrary<ChunkingPolicy> policy = Arbitraries.integers().between(8, 64)
                .flatMap(max -> Arbitraries.integers().between(0, (max - 1) / 2)
                        .map(overlap -> new ChunkingPolicy(max, overlap)));
        Arbitrary<String> padding = Arbitraries.of("", " ", "\n ", "\t");
        return Combinators.combine(padding, text, padding, policy).as((p, t, q, pol) -> new Case(p + t + q, pol));
    }

    /** The JDK's sentence rules only break before a capital, as in real prose. */
    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @Property
    void everyChunkFitsTheBudget(@ForAll("cases") Case c) {
        Chunker chunker = new Chunker(ChunkerTest.WORDS, c.policy());
        assertThat(chunker.split(c.text()))
                .allSatisfy(chunk -> assertThat(ChunkerTest.WORDS.applyAsInt(chunk))
                        .isLessThanOrEqualTo(c.policy().maxTokens()));
    }

    @Property
    void everyWordIsInSomeChunkInOrder(@ForAll("cases") Case c) {
        List<String> chunks = new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text());

        List<List<String>> chunkWords = chunks.stream().map(ChunkerPropertyTest::words).toList();
        assertThat(Coverage.coversInOrder(words(c.text()), chunkWords)).isTrue();
    }

    @Property
    void textThatFitsIsExactlyOneChunk(@ForAll("cases") Case c) {
        List<String> chunks = new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text());
        int tokens = ChunkerTest.WORDS.applyAsInt(c.text());

        if (tokens == 0) {
            assertThat(chunks).isEmpty();
        } else if (tokens <= c.policy().maxTokens()) {
            assertThat(chunks).containsExactly(c.text().strip());
        } else {
            assertThat(chunks).hasSizeGreaterThan(1);
        }
    }

    @Property
    void chunksAreStrippedSubstringsOfTheText(@ForAll("cases") Case c) {
        assertThat(new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text()))
                .allSatisfy(chunk -> {
                    assertThat(c.text()).contains(chunk);
                    assertThat(chunk).isEqualTo(chunk.strip()).isNotEmpty();
                });
    }

    @Property
    void isDeterministic(@ForAll("cases") Case c) {
        assertThat(new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text()))
                .isEqualTo(new Chunker(ChunkerTest.WORDS, c.policy()).split(c.text()));
    }

    /** With subword counts, long words are cut between characters; still nothing exceeds or goes missing. */
    @Property
    void subwordCountsAlsoFitAndCoverEveryCharacter(@ForAll("cases") Case c) {
        List<String> chunks = new Chunker(ChunkerTest.SUBWORDS, c.policy()).split(c.text());

        assertThat(chunks).allSatisfy(chunk -> assertThat(ChunkerTest.SUBWORDS.applyAsInt(chunk))
                .isLessThanOrEqualTo(c.policy().maxTokens()));
        List<List<Integer>> parts = chunks.stream().map(ChunkerPropertyTest::visibleCodePoints).toList();
        assertThat(Coverage.coversInOrder(visibleCodePoints(c.text()), parts)).isTrue();
    }

    private static List<Integer> visibleCodePoints(String text) {
        return text.codePoints().filter(cp -> !Character.isWhitespace(cp)).boxed().collect(Collectors.toList());
    }
}
