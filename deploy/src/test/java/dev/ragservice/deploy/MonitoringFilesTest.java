package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The dashboard shows and the alert rules watch what the issue asks for, through the metrics of the contract. */
class MonitoringFilesTest {

    @Test
    void theDashboardShowsEveryAspectOfTheService() {
        Map<String, List<String>> panels = MonitoringQueries.dashboard();
        Set<String> metrics = metrics(panels);
        assertThat(metrics)
                .contains(
                        "rag_requests_total",
                        "rag_request_latency_seconds_bucket",
                        "rag_cache_hits_total",
                        "rag_cache_misses_total",
                        "rag_cache_errors_total",
                        "rag_llm_calls_total",
                        "rag_llm_tokens_total",
                        "rag_errors_total",
                        "rag_circuit_breaker_state",
                        "rag_rate_limited_total");
        String latency = String.join(
                "\n",
                panels.entrySet().stream()
                        .filter(panel -> panel.getKey().startsWith("panel Latency"))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        assertThat(latency).contains("histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,");
        JsonNode dashboard = MonitoringQueries.dashboardJson();
        assertThat(dashboard.get("uid").asText()).isEqualTo("rag-service");
        for (JsonNode panel : dashboard.get("panels")) {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
                assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void theAlertsWatchErrorsLatencyBreakersAndTheCache() {
        Map<String, List<String>> alerts = MonitoringQueries.alerts();
        assertThat(alerts)
                .containsKeys(
                        "alert RagHighErrorRate",
                        "alert RagHighQueryLatency",
                        "alert RagCircuitBreakerOpen",
                        "alert RagCacheDown");
        assertThat(alerts.get("alert RagHighErrorRate").get(0)).contains("rag_requests_total{status=~\"5..\"}");
        assertThat(alerts.get("alert RagHighQueryLatency").get(0)).contains("histogram_quantile(0.95");
        assertThat(metrics(Map.of("breaker", alerts.get("alert RagCircuitBreakerOpen"))))
                .containsExactly("rag_circuit_breaker_state");
        assertThat(metrics(Map.of("cache", alerts.get("alert RagCacheDown")))).contains("rag_cache_errors_total");
    }

    @Test
    void thePromQlReaderTellsMetricsFromFunctionsLabelsAndVariables() {
        assertThat(PromQl.metrics("histogram_quantile(0.95, sum by (le, endpoint) "
                        + "(rate(rag_request_latency_seconds_bucket{endpoint=~\"$endpoint\"}[$__rate_interval]))) > 5"))
                .containsExactly("rag_request_latency_seconds_bucket");
        assertThat(PromQl.metrics("sum(rate(a_total{x=\"y\"}[5m])) / on(pod) group_left sum(b) and c offset 5m"))
                .containsExactly("a_total", "b", "c");
        assertThat(PromQl.matcherLabels("rate(rag_requests_total{status=~\"5..\", endpoint!=\"/x\"}[5m])"))
                .containsExactly(Map.entry("rag_requests_total", Set.of("status", "endpoint")));
    }

    private static Set<String> metrics(Map<String, List<String>> queries) {
        Set<String> metrics = new TreeSet<>();
        queries.values()
                .forEach(expressions -> expressions.forEach(expression -> metrics.addAll(PromQl.metrics(expression))));
        return metrics;
    }
}
