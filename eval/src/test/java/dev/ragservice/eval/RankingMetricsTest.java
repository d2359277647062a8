package dev.ragservice.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every expected value below is worked out by hand in the comment above it. */
class RankingMetricsTest {

    private static final double EPS = 1e-12;

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void averagePrecisionCountsRelevantDocumentsThatWereNeverRetrieved() {
        // Relevant: a, c, x (x never retrieved). a at rank 1 -> 1/1, c at rank 3 -> 2/3.
        // AP = (1 + 2/3 + 0) / 3 = 5/9.
        Map<String, Integer> judged = Map.of("a", 1, "c", 1, "x", 1, "b", 0);

        double ap = RankingMetrics.averagePrecision(List.of("a", "b", "c", "d"), judged);

        assertThat(ap).isCloseTo(5.0 / 9, within(EPS));
    }

    @Test
    void averagePrecisionTreatsScoresAboveZeroAsRelevantWhateverTheirGrade() {
        // Relevant: b (2) and d (1); a is judged 0, c is -1 (some qrels mark junk that way).
        // b at rank 2 -> 1/2, d at rank 4 -> 2/4. AP = (0.5 + 0.5) / 2 = 0.5.
        Map<String, Integer> judged = Map.of("a", 0, "b", 2, "c", -1, "d", 1);

        assertThat(RankingMetrics.averagePrecision(List.of("a", "b", "c", "d"), judged))
                .isCloseTo(0.5, within(EPS));
    }

    @Test
    void averagePrecisionIsZeroWhenNothingRelevantIsRetrievedOrJudged() {
        assertThat(RankingMetrics.averagePrecision(List.of("a", "b"), Map.of("z", 1)))
                .isZero();
        assertThat(RankingMetrics.averagePrecision(List.of("a", "b"), Map.of("a", 0)))
                .isZero();
        assertThat(RankingMetrics.averagePrecision(List.of(), Map.of("a", 1))).isZero();
    }

    @Test
    void ndcgUsesGradedGainsAndAnIdealRankingOfAllJudgedDocuments() {
        // Judged: a=3, b=2, c=1, x=2 (x not retrieved), d=0. Ranking a, d, c, b.
        // DCG  = 3/log2(2) + 0/log2(3) + 1/log2(4) + 2/log2(5)
        // IDCG = 3/log2(2) + 2/log2(3) + 2/log2(4) + 1/log2(5)   (ideal order a, b|x, x|b, c)
        Map<String, Integer> judged = Map.of("a", 3, "b", 2, "c", 1, "x", 2, "d", 0);
        double dcg = 3 / log2(2) + 1 / log2(4) + 2 / log2(5);
        double idcg = 3 / log2(2) + 2 / log2(3) + 2 / log2(4) + 1 / log2(5);

        double ndcg = RankingMetrics.ndcg(List.of("a", "d", "c", "b"), judged, 10);

        assertThat(ndcg).isCloseTo(dcg / idcg, within(EPS));
        assertThat(ndcg).isCloseTo(0.7662, within(1e-4));
    }

    @Test
    void ndcgOnlyLooksAtTheCutoffOnBothSides() {
        // Cutoff 2. Ranking b, a: DCG = 1/log2(2) + 3/log2(3). Ideal a=3, c=2: IDCG = 3 + 2/log2(3).
        Map<String, Integer> judged = Map.of("a", 3, "b", 1, "c", 2);

        double ndcg = RankingMetrics.ndcg(List.of("b", "a", "c"), judged, 2);

        assertThat(ndcg).isCloseTo((1 + 3 / log2(3)) / (3 + 2 / log2(3)), within(EPS));
    }

    @Test
    void aPerfectRankingScoresOne() {
        Map<String, Integer> judged = Map.of("a", 2, "b", 1);

        assertThat(RankingMetrics.ndcg(List.of("a", "b", "z"), judged, 10)).isCloseTo(1, within(EPS));
        assertThat(RankingMetrics.averagePrecision(List.of("a", "b", "z"), judged))
                .isCloseTo(1, within(EPS));
        assertThat(RankingMetrics.recall(List.of("a", "b", "z"), judged, 10)).isCloseTo(1, within(EPS));
    }

    @Test
    void ndcgIsZeroWithoutPositiveJudgments() {
        assertThat(RankingMetrics.ndcg(List.of("a"), Map.of("a", 0), 10)).isZero();
    }

    @Test
    void recallIsTheShareOfRelevantDocumentsWithinTheCutoff() {
        // Relevant: a, c, e, x. Within the first 3 (a, b, c): a, c -> 2/4; within 5: a, c, e -> 3/4.
        Map<String, Integer> judged = Map.of("a", 1, "c", 2, "e", 1, "x", 1, "b", 0);
        List<String> ranking = List.of("a", "b", "c", "d", "e");

        assertThat(RankingMetrics.recall(ranking, judged, 3)).isCloseTo(0.5, within(EPS));
        assertThat(RankingMetrics.recall(ranking, judged, 5)).isCloseTo(0.75, within(EPS));
        assertThat(RankingMetrics.recall(ranking, judged, 100)).isCloseTo(0.75, within(EPS));
    }

    @Test
    void aCutoffMustBePositive() {
        assertThatThrownBy(() -> RankingMetrics.recall(List.of(), Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RankingMetrics.ndcg(List.of(), Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryMetricsAverageOverQueries() {
        // Query 1: AP 1, recall@10 1. Query 2: relevant a, b; b at rank 2 only -> AP (1/2)/2 = 0.25, recall 0.5.
        QueryMetrics first = QueryMetrics.of(List.of("a"), Map.of("a", 1));
        QueryMetrics second = QueryMetrics.of(List.of("z", "b"), Map.of("a", 1, "b", 1));

        QueryMetrics mean = QueryMetrics.mean(List.of(first, second));

        assertThat(mean.averagePrecision()).isCloseTo((1 + 0.25) / 2, within(EPS));
        assertThat(mean.recallAt10()).isCloseTo((1 + 0.5) / 2, within(EPS));
        assertThat(QueryMetrics.mean(List.of())).isEqualTo(new QueryMetrics(0, 0, 0, 0));
    }
}
