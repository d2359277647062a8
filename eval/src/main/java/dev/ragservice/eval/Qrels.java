package dev.ragservice.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Relevance judgments: for each query id, the judged documents and their scores (0 is judged not relevant;
 * higher is more relevant). Document ids are kept exactly as the judgments spell them.
 */
public record Qrels(Map<String, Map<String, Integer>> byQuery) {

    public Qrels {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        byQuery.forEach((query, judged) -> copy.put(query, Collections.unmodifiableMap(new LinkedHashMap<>(judged))));
        byQuery = Collections.unmodifiableMap(copy);
    }

    /** The query's judgments; empty when it has none. */
    public Map<String, Integer> judgments(String queryId) {
        return byQuery.getOrDefault(queryId, Map.of());
    }

    /** Whether at least one document is judged relevant to the query: trec_eval skips queries without one. */
    public boolean hasRelevant(String queryId) {
        return RankingMetrics.relevantCount(judgments(queryId)) > 0;
    }

    public Set<String> queryIds() {
        return byQuery.keySet();
    }

    /** How many (query, document) judgments there are. */
    public int size() {
        return byQuery.values().stream().mapToInt(Map::size).sum();
    }
}
