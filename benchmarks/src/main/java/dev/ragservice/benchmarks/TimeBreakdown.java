package dev.ragservice.benchmarks;

import dev.ragservice.benchmarks.ServiceTimers.Timed;
import java.util.Locale;

/**
 * Where the {@code POST /query} requests between two scrapes of {@link ServiceTimers} spent their time, in
 * milliseconds per request by the service's own timers: the request from arrival to response, and inside it the
 * embedding model, the vector and keyword searches, the LLM and the cache (a query calls them one after another).
 * "Rest" is what none of them timed: HTTP, JSON, the rate limiter, prompt and answer building, waiting for a thread
 * or a connection. Means, not percentiles: the histograms' sums over their counts.
 */
public final class TimeBreakdown {

    private final MarkdownTable table = new MarkdownTable(
            "measurement",
            "requests",
            "request ms",
            "embedding ms",
            "vector search ms",
            "keyword search ms",
            "LLM ms",
            "cache ms",
            "rest ms");

    /** Adds the requests answered between the two scrapes. */
    public TimeBreakdown row(String measurement, ServiceTimers before, ServiceTimers after) {
        Timed requests = after.since(before, "rag_request_latency_seconds", "endpoint=\"/query\"");
        long count = requests.calls();
        double embedding =
                after.since(before, "rag_embedding_operation_seconds").millisPer(count);
        double vectors = after.since(before, "rag_vector_store_operation_seconds", "operation=\"search\"")
                .millisPer(count);
        double keywords = after.since(before, "rag_vector_store_operation_seconds", "operation=\"keyword_search\"")
                .millisPer(count);
        double llm = after.since(before, "rag_llm_operation_seconds").millisPer(count);
        double cache = after.since(before, "rag_cache_operation_seconds").millisPer(count);
        double request = requests.millisPer(count);
        table.row(
                measurement,
                count,
                ms(request),
                ms(embedding),
                ms(vectors),
                ms(keywords),
                ms(llm),
                ms(cache),
                ms(request - embedding - vectors - keywords - llm - cache));
        return this;
    }

    public MarkdownTable table() {
        return table;
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
