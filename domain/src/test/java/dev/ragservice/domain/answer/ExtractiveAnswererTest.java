package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {

    private static final String EMBEDDINGS = "Dense retrieval represents queries and passages as vectors. "
            + "An embedding model maps each text to a point in a space of a few hundred dimensions. "
            + "Embeddings of similar texts are compared by cosine similarity, so paraphrases end up close together. "
            + "Approximate nearest-neighbour indexes such as HNSW keep search fast over millions of vectors.";
    private static final String BM25 = "Lexical retrieval scores documents by the query terms they contain. "
            + "BM25 weighs each term by its inverse document frequency and saturates repeated occurrences. "
            + "It needs no training and remains a strong baseline on many benchmarks.";
    private static final String CACHING = "Caching the answers of frequent questions cuts latency and cost. "
            + "A corpus version in each key invalidates cached answers when documents change.";

    private final ExtractiveAnswerer answerer = new ExtractiveAnswerer(3);

    private static List<SearchHit> sources(String... texts) {
        return IntStream.range(0, texts.length)
                .mapToObj(i -> new SearchHit("d" + i + "#0", "d" + i, 0, texts[i], Map.of(), 1.0 / (i + 1)))
                .toList();
    }

    @Test
    void quotesTheSentenceThatAnswersAndCitesItsSource() {
        String answer = answerer.answer("How are embeddings compared?", sources(EMBEDDINGS, BM25));

        assertThat(answer)
                .contains("Embeddings of similar texts are compared by cosine similarity, so paraphrases "
                        + "end up close together [1].");
        assertThat(answer).doesNotContain("BM25");
    }

    @Test
    void citesTheNumberOfTheSourceEachSentenceCameFrom() {
        String answer = answerer.answer("What does BM25 weigh terms by?", sources(EMBEDDINGS, BM25));

        assertThat(answer)
                .contains("BM25 weighs each term by its inverse document frequency and saturates repeated "
                        + "occurrences [2].");
    }

    @Test
    void stemsSoThatWordFormsMeet() {
        String answer = answerer.answer("when is a cache invalidated", sources(EMBEDDINGS, CACHING));

        assertThat(answer)
                .contains("A corpus version in each key invalidates cached answers when documents change [2].");
    }

    @Test
    void keepsAtMostMaxSentencesInTheOrderOfTheSources() {
        String answer = new ExtractiveAnswerer(2)
                .answer(
                        "Which indexes keep vector search fast?",
                        sources(
                                "Graph indexes keep vector search fast. Quantisation shrinks vectors.",
                                "Inverted indexes serve keyword queries. Vector search is fast with HNSW indexes."));

        assertThat(answer.split("\\[\\d+]", -1)).hasSize(3);
        assertThat(answer)
                .isEqualTo(
                        "Graph indexes keep vector search fast [1]. " + "Vector search is fast with HNSW indexes [2].");
    }

    @Test
    void leavesOutSentencesThatOnlyShareTheQuestionsCommonWords() {
        String answer = answerer.answer("How does dense retrieval work?", sources(BM25, EMBEDDINGS));

        assertThat(answer).isEqualTo("Dense retrieval represents queries and passages as vectors [2].");
    }

    @Test
    void skipsTheSameSentenceRepeatedByOverlappingChunks() {
        String overlap = "Embeddings of similar texts are compared by cosine similarity.";
        String answer = answerer.answer(
                "How are embeddings compared by similarity?",
                sources("Dense retrieval uses vectors. " + overlap, overlap + " Indexes keep it fast."));

        assertThat(answer.split("cosine similarity", -1)).hasSize(2);
    }

    @Test
    void withoutSharedWordsAnswersWithTheFirstSentenceOfTheTopSource() {
        String answer = answerer.answer("Who won the football match yesterday?", sources(EMBEDDINGS, BM25));

        assertThat(answer).isEqualTo("Dense retrieval represents queries and passages as vectors [1].");
    }

    @Test
    void withoutSourcesSaysSoHonestly() {
        assertThat(answerer.answer("anything", List.of())).isEqualTo(ExtractiveAnswerer.NO_SOURCES_ANSWER);
    }

    @Test
    void prefersTheHigherRankedSourceBetweenEqualMatches() {
        String answer = new ExtractiveAnswerer(1)
                .answer(
                        "transformers attention",
                        sources("Transformers rely on attention.", "Transformers rely on attention layers."));

        assertThat(answer).isEqualTo("Transformers rely on attention [1].");
    }

    @Test
    void betweenNearlyEqualMatchesTheHigherRankedSourceWins() {
        // "beta" is in one sentence fewer than "alpha", so it weighs slightly more (1.170 against 1.133); the
        // prior of the first source outweighs that small difference, not a real one.
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            filler.append("Alpha filler number ").append(i).append(". ");
        }
        for (int i = 0; i < 17; i++) {
            filler.append("Beta filler number ").append(i).append(". ");
        }
        filler.append("Neutral one. Neutral two. Neutral three.");

        String answer = new ExtractiveAnswerer(1)
                .answer("alpha or beta", sources("Alpha appears here.", "Beta appears here.", filler.toString()));

        assertThat(answer).isEqualTo("Alpha appears here [1].");
    }

    @Test
    void refusesANonPositiveSentenceCount() {
        assertThatThrownBy(() -> new ExtractiveAnswerer(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentWordsDropStopWordsAndStem() {
        assertThat(ContentWords.of("What are the embeddings of embedded texts?"))
                .containsExactly("embed", "embed", "text");
        assertThat(ContentWords.stem("caching"))
                .isEqualTo(ContentWords.stem("cached"))
                .isEqualTo(ContentWords.stem("caches"));
        assertThat(ContentWords.stem("retrieves")).isEqualTo(ContentWords.stem("retrieved"));
        assertThat(ContentWords.stem("queries")).isEqualTo(ContentWords.stem("query"));
    }
}
