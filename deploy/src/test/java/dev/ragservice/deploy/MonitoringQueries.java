package dev.ragservice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragservice.bootstrap.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every PromQL query of the Grafana dashboard and of the Prometheus alert rules, by where it comes from. */
final class MonitoringQueries {

    static final String DASHBOARD = "deploy/grafana/rag-service.json";
    static final String ALERTS = "deploy/prometheus/alerts.yaml";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,]+?)\\s*,\\s*(\\w+)\\s*\\)");

    private MonitoringQueries() {}

    /** Panel title (or variable name) -> its queries; a label_values() variable becomes {@code metric{label!=""}}. */
    static Map<String, List<String>> dashboard() {
        JsonNode dashboard = dashboardJson();
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.computeIfAbsent("panel " + panel.get("title").asText(), title -> new ArrayList<>())
                        .add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asText().equals("query")) {
                Matcher labelValues =
                        LABEL_VALUES.matcher(variable.at("/query/query").asText());
                if (!labelValues.find()) {
                    throw new AssertionError("variable " + variable.get("name") + ": only label_values() is checked");
                }
                queries.put(
                        "variable " + variable.get("name").asText(),
                        List.of(labelValues.group(1) + "{" + labelValues.group(2) + "!=\"\"}"));
            }
        }
        return queries;
    }

    static JsonNode dashboardJson() {
        try {
            return TestClient.MAPPER.readTree(DeployFiles.read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alert name -> its expression. */
    static Map<String, List<String>> alerts() {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (Object group :
                KubernetesManifestsTest.list(DeployFiles.yaml(ALERTS).get("groups"))) {
            for (Object rule : KubernetesManifestsTest.list(
                    KubernetesManifestsTest.map(group).get("rules"))) {
                Map<String, Object> fields = KubernetesManifestsTest.map(rule);
                queries.put(
                        "alert " + fields.get("alert"),
                        List.of(fields.get("expr").toString()));
            }
        }
        return queries;
    }
}
