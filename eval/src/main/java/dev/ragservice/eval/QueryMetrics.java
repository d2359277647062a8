package dev.ragservice.eval;

import java.util.List;
import java.util.Map;

/** What the harness reports for one query, and (averaged over queries) for a whole run. */
public record QueryMetrics(double ndcgAt10, double recallAt10, double recallAt100, double averagePrecision) {

    public static QueryMetrics of(List<String> ranking, Map<String, Integer> judgments) {
        return new QueryMetrics(
                RankingMetrics.ndcg(ranking, judgments, 10),
                RankingMetrics.recall(ranking, judgments, 10),
                RankingMetrics.recall(ranking, judgments, 100),
                RankingMetrics.averagePrecision(ranking, judgments));
    }

    /** The arithmetic mean of each measure (MAP is the mean of average precision); all zero for no queries. */
    public static QueryMetrics mean(List<QueryMetrics> perQuery) {
        if (perQuery.isEmpty()) {
            return new QueryMetrics(0, 0, 0, 0);
        }
        double n = perQuery.size();
        return new QueryMetrics(
                perQuery.stream().mapToDouble(QueryMetrics::ndcgAt10).sum() / n,
                perQuery.stream().mapToDouble(QueryMetrics::recallAt10).sum() / n,
                perQuery.stream().mapToDouble(QueryMetrics::recallAt100).sum() / n,
                perQuery.stream().mapToDouble(QueryMetrics::averagePrecision).sum() / n);
    }
}
