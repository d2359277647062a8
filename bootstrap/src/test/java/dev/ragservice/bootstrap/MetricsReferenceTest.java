package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/metrics.md} is the metrics contract: every metric its table lists is scraped from the real server
 * with the documented type and exactly the documented labels. The table is parsed here, so the document is the
 * one place the contract is written.
 */
class MetricsReferenceTest {

    static final Path REFERENCE = Path.of("..", "docs", "metrics.md");
    /** Labels Helidon and Prometheus add to every series of a family: not part of the contract. */
    private static final Set<String> IMPLICIT_LABELS = Set.of("scope", "le");

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(rag_[a-z_]+)` \\| (\\w+) \\|([^|]*)\\|");
    private static final Pattern LABEL = Pattern.compile("`([a-z_]+)`");

    @TempDir
    Path dataDir;

    /** One row of the reference table. */
    record DocumentedMetric(String name, String type, Set<String> labels) {}

    @Test
    void everyDocumentedMetricIsExportedWithItsTypeAndLabels() throws IOException {
        List<DocumentedMetric> documented = documented();
        assertThat(documented)
                .extracting(DocumentedMetric::name)
                .contains("rag_requests_total", "rag_request_latency_seconds", "rag_cache_hits_total");

        String exposition;
        try (RagServer server = TestServers.start(dataDir, "SEMANTIC_CACHE_THRESHOLD", "0.95")) {
            TestClient client = new TestClient(server.port());
            client.postJson("/documents", Map.of("texts", List.of(SampleTexts.VOLCANO)));
            client.postJson("/query", Map.of("question", "Why do volcanoes erupt?"));
            client.postJson("/query", Map.of("question", "Why do volcanoes erupt?"));
            client.postJson("/query", "{");
            TestClient.Reply scrape = client.get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            exposition = scrape.body();
        }

        Map<String, String> types = types(exposition);
        SoftAssertions softly = new SoftAssertions();
        for (DocumentedMetric metric : documented) {
            softly.assertThat(types.get(metric.name()))
                    .as("# TYPE of %s", metric.name())
                    .isEqualTo(metric.type());
            if (types.containsKey(metric.name())) {
                softly.assertThat(labelNames(exposition, metric.name()))
                        .as("labels of %s", metric.name())
                        .isEqualTo(metric.labels());
            }
        }
        softly.assertAll();
    }

    @Test
    void theReferenceNamesEveryServiceMetricTheServerExports() throws IOException {
        String exposition;
        try (RagServer server = TestServers.start(dataDir)) {
            TestClient client = new TestClient(server.port());
            client.get("/");
            exposition = client.get("/metrics").body();
        }
        Set<String> exported = new TreeSet<>(types(exposition).keySet());
        exported.removeIf(name -> !name.startsWith("rag_") || name.endsWith("_max"));
        assertThat(documented()).extracting(DocumentedMetric::name).containsAll(exported);
    }

    static List<DocumentedMetric> documented() throws IOException {
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        List<DocumentedMetric> metrics = new ArrayList<>();
        while (row.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher label = LABEL.matcher(row.group(3));
            while (label.find()) {
                labels.add(label.group(1));
            }
            metrics.add(new DocumentedMetric(row.group(1), row.group(2), labels));
        }
        return metrics;
    }

    /** Family name to type, from the {@code # TYPE} lines of a Prometheus exposition. */
    static Map<String, String> types(String exposition) {
        Map<String, String> types = new LinkedHashMap<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(exposition);
        while (type.find()) {
            types.put(type.group(1), type.group(2));
        }
        return types;
    }

    /** The label names on the samples of a family (a histogram's samples carry suffixes), less implicit ones. */
    private static Set<String> labelNames(String exposition, String family) {
        Set<String> names = new TreeSet<>();
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(family) + "(?:_bucket|_count|_sum)?\\{([^}]*)}")
                .matcher(exposition);
        while (sample.find()) {
            Matcher name = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(sample.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        names.removeAll(IMPLICIT_LABELS);
        return names;
    }
}
