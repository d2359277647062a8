package dev.ragservice.eval;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one run: the mean measures over the queries that have at least one relevant judged document
 * (the others are skipped, as trec_eval skips them), and what was run.
 *
 * @param depth            documents ranked per query, the depth MAP is taken over
 * @param skippedQueries   queries without any relevant judged document, or without text
 */
public record EvaluationReport(
        String collection,
        EvalMode mode,
        int depth,
        IngestSummary ingested,
        int queries,
        int evaluatedQueries,
        int skippedQueries,
        QueryMetrics metrics,
        Duration retrievalTook) {

    /** For people: one fact a line. */
    public List<String> lines() {
        return List.of(
                String.format(
                        Locale.ROOT,
                        "collection   %s: %d documents in %d chunks (%d empty left out), " + "ingested in %.1f s",
                        collection,
                        ingested.documents(),
                        ingested.chunks(),
                        ingested.emptyDocuments(),
                        seconds(ingested.took())),
                String.format(
                        Locale.ROOT,
                        "queries      %d evaluated, %d skipped (no relevant judged document)",
                        evaluatedQueries,
                        skippedQueries),
                String.format(
                        Locale.ROOT,
                        "mode         %s, %d documents per query, retrieved in %.1f s",
                        mode.label(),
                        depth,
                        seconds(retrievalTook)),
                String.format(Locale.ROOT, "nDCG@10      %.4f", metrics.ndcgAt10()),
                String.format(Locale.ROOT, "recall@10    %.4f", metrics.recallAt10()),
                String.format(Locale.ROOT, "recall@100   %.4f", metrics.recallAt100()),
                String.format(Locale.ROOT, "MAP          %.4f", metrics.averagePrecision()));
    }

    /** For programs: the fields of the JSON line, measures first. */
    public Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ndcg@10", metrics.ndcgAt10());
        fields.put("recall@10", metrics.recallAt10());
        fields.put("recall@100", metrics.recallAt100());
        fields.put("map", metrics.averagePrecision());
        fields.put("mode", mode.label());
        fields.put("collection", collection);
        fields.put("depth", depth);
        fields.put("documents", ingested.documents());
        fields.put("chunks", ingested.chunks());
        fields.put("queries", evaluatedQueries);
        fields.put("skipped_queries", skippedQueries);
        return fields;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
