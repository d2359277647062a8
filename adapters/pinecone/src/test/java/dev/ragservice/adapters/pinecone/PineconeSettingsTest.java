package dev.ragservice.adapters.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import dev.ragservice.ports.vector.VectorStoreProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings are checked at start-up, and each mistake names the variable to fix. */
class PineconeSettingsTest {

    private static final PluginConfig HOSTED = PluginConfig.of(
            Map.of("PINECONE_API_KEY", "secret-key", "PINECONE_HOST", "docs-abc123.svc.aped-4627.pinecone.io"));

    @Test
    void theProviderIsFoundByItsName() {
        assertThat(ServiceLoader.load(VectorStoreProvider.class).stream()
                        .map(provider -> provider.get())
                        .map(NamedProvider::name))
                .containsExactly("pinecone");
    }

    @Test
    void defaultsAndValues() {
        PineconeSettings settings = PineconeSettings.from(HOSTED.with("PINECONE_ENV", "us-east-1-aws"));

        assertThat(settings.apiKey()).isEqualTo("secret-key");
        assertThat(settings.host()).contains("docs-abc123.svc.aped-4627.pinecone.io");
        assertThat(settings.index()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(PineconeSettings.from(HOSTED.with("PINECONE_TIMEOUT_MS", "350"))
                        .timeout())
                .isEqualTo(Duration.ofMillis(350));
        assertThat(settings.toString()).doesNotContain("secret-key");
    }

    @Test
    void missingOrMalformedSettingsNameTheirVariable() {
        assertThatThrownBy(() -> PineconeSettings.from(PluginConfig.of(Map.of("PINECONE_INDEX", "docs"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("PINECONE_API_KEY");
        assertThatThrownBy(() -> PineconeSettings.from(PluginConfig.of(Map.of("PINECONE_API_KEY", "k"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("PINECONE_INDEX")
                .hasMessageContaining("PINECONE_HOST");
        assertThatThrownBy(() -> PineconeSettings.from(HOSTED.with("PINECONE_TIMEOUT_MS", "0")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("PINECONE_TIMEOUT_MS");
        assertThatThrownBy(() -> PineconeSettings.from(HOSTED.with("PINECONE_TIMEOUT_MS", "2s")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("PINECONE_TIMEOUT_MS");
        assertThatThrownBy(() -> PineconeSettings.from(HOSTED.with("PINECONE_NAMESPACE", "docs")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("PINECONE_NAMESPACE")
                .hasMessageContaining("DEFAULT_NAMESPACE");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"127.0.0.1:5081", "localhost:5081", "LOCALHOST", "http://127.0.0.1:80", "[::1]:5081", "127.3.4.5"
            })
    void loopbackHostsSpeakPlainHttp2(String host) {
        assertThat(PineconeSettings.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "docs-abc123.svc.aped-4627.pinecone.io",
                "https://docs-abc.svc.pinecone.io:443",
                "localhost.example.com",
                "127.0.0.1.example.com",
                "10.0.0.1:5081",
                "[2001:db8::1]:443"
            })
    void everyOtherHostGetsTls(String host) {
        assertThat(PineconeSettings.isLoopback(host)).isFalse();
    }
}
