package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class SemanticIndexPropertyTest {

    private static final int EXAMPLES = 1000;

    /**
     * Few keys, so that questions are answered again; vectors of one dimension, as within a scope, with
     * components in hundredths of -1 to 1, so that equal similarities and zero vectors (no similarity) occur.
     */
    private static Gen<SemanticEntry> entries() {
        Gen<Float> component = integers().between(-100, 100).map(hundredths -> hundredths / 100f);
        Gen<float[]> vectors = component.zip(component, component, (x, y, z) -> new float[] {x, y, z});
        return Generate.pick(List.of("a", "b", "c", "d", "e", "f")).zip(vectors, SemanticEntry::new);
    }

    private static Gen<List<SemanticEntry>> histories() {
        return lists().of(entries()).ofSizeBetween(0, 20);
    }

    /**
     * Whatever the order of additions, the index holds the {@code max} questions answered last, each once, with
     * its latest vector, oldest first: the specification, computed from the whole history rather than step by step.
     */
    @Test
    void holdsTheLastDistinctQuestionsInOrderOfTheirLatestAnswer() {
        qt().withExamples(EXAMPLES)
                .forAll(histories(), integers().between(1, 5))
                .checkAssert((additions, max) -> {
                    SemanticIndex index = SemanticIndex.EMPTY;
                    for (SemanticEntry entry : additions) {
                        index = index.with(entry, max);
                    }

                    List<SemanticEntry> expected = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (int i = additions.size() - 1; i >= 0 && expected.size() < max; i--) {
                        if (seen.add(additions.get(i).responseKey())) {
                            expected.addFirst(additions.get(i));
                        }
                    }
                    assertThat(index.entries()).containsExactlyElementsOf(expected);
                    assertThat(CacheCodec.decodeSemanticIndex(CacheCodec.encodeSemanticIndex(index)))
                            .contains(index);
                });
    }

    @Test
    void theNearestEntryIsTheMostSimilarOne() {
        qt().withExamples(EXAMPLES)
                .forAll(histories(), entries())
                .checkAssert(SemanticIndexPropertyTest::nearestIsTheMostSimilar);
    }

    /** The cases where a similarity is undefined, which random vectors seldom reach. */
    @Test
    void zeroVectorsAreNeverTheNearest() {
        SemanticEntry zero = new SemanticEntry("a", new float[3]);
        SemanticEntry some = new SemanticEntry("b", new float[] {0.5f, 0, -1});

        nearestIsTheMostSimilar(List.of(zero, some), new SemanticEntry("q", new float[] {1, 0, 0}));
        nearestIsTheMostSimilar(List.of(zero), new SemanticEntry("q", new float[] {1, 0, 0}));
        nearestIsTheMostSimilar(List.of(zero, some), zero);
        nearestIsTheMostSimilar(List.of(), some);
        assertThat(new SemanticIndex(List.of(zero, some)).nearest(new float[3])).isEmpty();
    }

    private static void nearestIsTheMostSimilar(List<SemanticEntry> entries, SemanticEntry query) {
        SemanticIndex index = new SemanticIndex(entries);
        float[] vector = query.vector();

        double best = entries.stream()
                .mapToDouble(entry -> entry.similarity(vector))
                .filter(s -> !Double.isNaN(s))
                .max()
                .orElse(Double.NaN);

        if (Double.isNaN(best)) {
            assertThat(index.nearest(vector)).isEmpty();
        } else {
            assertThat(index.nearest(vector)).hasValueSatisfying(match -> {
                assertThat(match.similarity()).isEqualTo(best).isCloseTo(0, within(1 + 1e-6));
                assertThat(entries)
                        .anyMatch(entry ->
                                entry.responseKey().equals(match.responseKey()) && entry.similarity(vector) == best);
            });
        }
    }
}
