package dev.ragservice.benchmarks.concurrency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.benchmarks.Json;

/**
 * What one run of wrk measured, from the {@code wrk-result} line of {@code benchmarks/load/unique-requests.lua}:
 * requests completed, latency percentiles, failures (socket errors and answers other than 200), degraded and
 * cached answers, and the load average when it ended.
 */
record WrkResult(
        long requests,
        double seconds,
        double p50Ms,
        double p99Ms,
        long errors,
        long degraded,
        long cached,
        String loadAverage) {

    static WrkResult parse(String json, String loadAverage) {
        JsonNode result = Json.read(json);
        return new WrkResult(
                result.get("requests").asLong(),
                result.get("duration_us").asLong() / 1e6,
                result.get("p50_us").asLong() / 1e3,
                result.get("p99_us").asLong() / 1e3,
                result.get("socket_errors").asLong() + result.get("non_ok").asLong(),
                result.get("degraded").asLong(),
                result.get("cached").asLong(),
                loadAverage);
    }

    double perSecond() {
        return requests / seconds;
    }
}
