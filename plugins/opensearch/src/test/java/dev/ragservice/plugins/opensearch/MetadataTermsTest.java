package dev.ragservice.plugins.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.ragservice.ports.vector.MetadataValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTermsTest {

    @Test
    void numberTermsSortAsTheReferenceComparesNumbers() {
        qt().forAll(doubles().any(), doubles().any())
                .assuming((a, b) -> Double.isFinite(a) && Double.isFinite(b))
                .check((a, b) ->
                        Integer.signum(MetadataTerms.number("year", a).compareTo(MetadataTerms.number("year", b)))
                                == Integer.signum(Double.compare(a, b)));
    }

    @Test
    void everyNumberTermLiesWithinItsKeysOpenRangeEnds() {
        for (double value : new double[] {
            Double.NEGATIVE_INFINITY,
            -Double.MAX_VALUE,
            -0.0,
            0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY
        }) {
            assertThat(MetadataTerms.number("k", value))
                    .isGreaterThanOrEqualTo(MetadataTerms.lowestNumber("k"))
                    .isLessThanOrEqualTo(MetadataTerms.highestNumber("k"));
        }
    }

    @Test
    void aKeyNeverRunsIntoItsValue() {
        qt().forAll(
                        strings().allPossible().ofLengthBetween(0, 6),
                        strings().allPossible().ofLengthBetween(0, 6),
                        strings().allPossible().ofLengthBetween(0, 6),
                        strings().allPossible().ofLengthBetween(0, 6))
                .assuming((keyA, valueA, keyB, valueB) -> !(keyA.equals(keyB) && valueA.equals(valueB)))
                .check((keyA, valueA, keyB, valueB) -> !MetadataTerms.of(keyA, MetadataValue.of(valueA))
                        .equals(MetadataTerms.of(keyB, MetadataValue.of(valueB))));
    }

    @Test
    void kindsNeverShareATerm() {
        assertThat(List.of(
                        MetadataTerms.of("v", MetadataValue.of("5")),
                        MetadataTerms.of("v", MetadataValue.of(5)),
                        MetadataTerms.of("v", MetadataValue.of("true")),
                        MetadataTerms.of("v", MetadataValue.of(true))))
                .doesNotHaveDuplicates();
    }

    @Test
    void aTextTooLongForOneTermIsIndexedByItsHashAndStillMatchesOnlyItself() {
        String long1 = "x".repeat(40_000);
        String long2 = "x".repeat(39_999) + "y";

        String term = MetadataTerms.of("body", MetadataValue.of(long1));

        assertThat(term)
                .hasSizeLessThan(100)
                .isEqualTo(MetadataTerms.of("body", MetadataValue.of(long1)))
                .isNotEqualTo(MetadataTerms.of("body", MetadataValue.of(long2)));
        assertThat(MetadataTerms.of(Map.of("body", MetadataValue.of(List.of(long1, "a")))))
                .contains(term);
    }
}
