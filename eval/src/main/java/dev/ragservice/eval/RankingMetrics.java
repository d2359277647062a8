package dev.ragservice.eval;

import dev.ragservice.ports.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The measures of one query's ranking against its relevance judgments, defined as trec_eval defines them so
 * that numbers compare with published ones: a document is relevant when its judged score is above 0, and
 * documents without a judgment count as not relevant.
 */
public final class RankingMetrics {

    private RankingMetrics() {}

    /**
     * Normalised discounted cumulative gain of the first {@code cutoff} documents: each document gains its judged
     * score (graded, not just relevant or not), discounted by log2(rank + 1); the ideal ranking orders every judged
     * document by score, so relevant documents that were never retrieved lower the result.
     *
     * @return 0 when no judged document has a positive score
     */
    public static double ndcg(List<String> ranking, Map<String, Integer> judgments, int cutoff) {
        requireCutoff(cutoff);
        double gained = 0;
        for (int i = 0; i < Math.min(cutoff, ranking.size()); i++) {
            gained += gain(judgments.get(ranking.get(i))) / log2(i + 2);
        }
        List<Integer> ideal = judgments.values().stream()
                .filter(score -> score > 0)
                .sorted((a, b) -> Integer.compare(b, a))
                .toList();
        double best = 0;
        for (int i = 0; i < Math.min(cutoff, ideal.size()); i++) {
            best += ideal.get(i) / log2(i + 2);
        }
        return best == 0 ? 0 : gained / best;
    }

    /** The share of all relevant documents found among the first {@code cutoff}; 0 when none is relevant. */
    public static double recall(List<String> ranking, Map<String, Integer> judgments, int cutoff) {
        requireCutoff(cutoff);
        long relevant = relevantCount(judgments);
        if (relevant == 0) {
            return 0;
        }
        long found = ranking.stream()
                .limit(cutoff)
                .filter(id -> isRelevant(judgments.get(id)))
                .count();
        return (double) found / relevant;
    }

    /**
     * Non-interpolated average precision over the whole ranking: the precision at the rank of each relevant
     * document retrieved, summed and divided by the number of relevant documents, so each relevant document
     * that was not retrieved adds 0 to the sum but still counts in the denominator.
     *
     * @return 0 when no document is relevant
     */
    public static double averagePrecision(List<String> ranking, Map<String, Integer> judgments) {
        long relevant = relevantCount(judgments);
        if (relevant == 0) {
            return 0;
        }
        double sum = 0;
        int found = 0;
        for (int i = 0; i < ranking.size(); i++) {
            if (isRelevant(judgments.get(ranking.get(i)))) {
                found++;
                sum += (double) found / (i + 1);
            }
        }
        return sum / relevant;
    }

    static long relevantCount(Map<String, Integer> judgments) {
        return judgments.values().stream().filter(RankingMetrics::isRelevant).count();
    }

    /** @param score null for a document nobody judged */
    private static boolean isRelevant(@Nullable Integer score) {
        return score != null && score > 0;
    }

    /** Judged non-relevant (0 or below) and unjudged documents gain nothing. */
    private static double gain(@Nullable Integer score) {
        return score == null ? 0 : Math.max(0, score);
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    private static void requireCutoff(int cutoff) {
        if (cutoff < 1) {
            throw new IllegalArgumentException("cutoff must be positive, got " + cutoff);
        }
    }
}
