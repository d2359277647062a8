package dev.ragservice.plugins.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenSearchSettingsTest {

    @Test
    void defaultsNeedOnlyTheUrl() {
        OpenSearchSettings settings = OpenSearchSettings.from(
                PluginConfig.of(Map.of("OPENSEARCH_URL", "http://10.0.0.1:9200, https://search.example:443")));

        assertThat(settings.urls())
                .containsExactly(URI.create("http://10.0.0.1:9200"), URI.create("https://search.example:443"));
        assertThat(settings.index()).isEqualTo("rag-chunks");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(List.of(settings.shards(), settings.replicas())).containsExactly(1, 1);
        assertThat(settings.username()).isEmpty();
    }

    @Test
    void thePasswordIsNeverPrinted() {
        OpenSearchSettings settings = OpenSearchSettings.from(PluginConfig.of(Map.of(
                "OPENSEARCH_URL",
                "http://127.0.0.1:9200",
                "OPENSEARCH_USERNAME",
                "rag",
                "OPENSEARCH_PASSWORD",
                "hunter2")));

        assertThat(settings.toString()).contains("rag").doesNotContain("hunter2");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "OPENSEARCH_URL|                      |OPENSEARCH_URL must be set",
                "OPENSEARCH_URL|ftp://host:21         |OPENSEARCH_URL must be http(s)",
                "OPENSEARCH_URL|localhost:9200        |OPENSEARCH_URL must be http(s)",
                "OPENSEARCH_URL|http://rag:pw@host:9200|OPENSEARCH_URL must not hold credentials",
                "OPENSEARCH_INDEX|Rag Chunks          |OPENSEARCH_INDEX must be a lower-case",
                "OPENSEARCH_USERNAME|rag              |OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD go together",
                "OPENSEARCH_TIMEOUT_MS|0              |OPENSEARCH_TIMEOUT_MS must be positive",
                "OPENSEARCH_SHARDS|0                  |OPENSEARCH_SHARDS must be at least 1",
                "OPENSEARCH_REPLICAS|-1               |OPENSEARCH_REPLICAS must be at least 0"
            })
    void aWrongSettingIsNamed(String name, String value, String message) {
        PluginConfig config = PluginConfig.of(Map.of("OPENSEARCH_URL", "http://127.0.0.1:9200"))
                .with(name, value == null ? "" : value);

        assertThatThrownBy(() -> OpenSearchSettings.from(config))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining(message);
    }
}
