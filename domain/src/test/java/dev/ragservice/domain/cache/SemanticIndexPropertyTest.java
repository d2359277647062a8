package dev.ragservice.domain.cache;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SemanticIndexPropertyTest {

    /** Few keys, so that questions are answered again; vectors of one dimension, as within a scope. */
    @Provide
    Arbitrary<SemanticEntry> entries() {
        Arbitrary<float[]> vectors = Arbitraries.floats().between(-1, 1).array(float[].class).ofSize(3);
        return Combinators.combine(Arbitraries.of("a", "b", "c", "d", "e", "f"), vectors).as(SemanticEntry::new);
    }

    /**
     * Whatever the order of additions, the index holds the {@code max} questions answered last, each once, with
     * its latest vector, oldest first: the specification, computed from the whole history rather than step by step.
     */
    @Property
    void holdsTheLastDistinctQuestionsInOrderOfTheirLatestAnswer(
            @ForAll @Size(max = 20) List<@From("entries") SemanticEntry> additions,
            @ForAll @IntRange(min = 1, max = 5) int max) {
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
        assertThat(CacheCodec.decodeSemanticIndex(CacheCodec.encodeSemanticIndex(index))).contains(index);
    }

    @Property
    void theNearestEntryIsTheMostSimilarOne(@ForAll @Size(max = 20) List<@From("entries") SemanticEntry> entries,
                                            @ForAll("entries") SemanticEntry query) {
        SemanticIndex index = new SemanticIndex(entries);
        float[] vector = query.vector();

        double best = entries.stream().mapToDouble(entry -> entry.similarity(vector)).filter(s -> !Double.isNaN(s))
                .max().orElse(Double.NaN);

        if (Double.isNaN(best)) {
            assertThat(index.nearest(vector)).isEmpty();
        } else {
            assertThat(index.nearest(vector)).hasValueSatisfying(match -> {
                assertThat(match.similarity()).isEqualTo(best).isCloseTo(0, within(1 + 1e-6));
                assertThat(entries).anyMatch(entry -> entry.responseKey().equals(match.responseKey())
                        && entry.similarity(vector) == best);
            });
        }
    }
}
