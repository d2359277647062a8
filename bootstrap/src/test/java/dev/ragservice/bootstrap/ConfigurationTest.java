package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.bootstrap.plugins.StartupException;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misconfigured service refuses to start and says which variable to fix and what is available. */
class ConfigurationTest {

    @TempDir
    Path dataDir;

    @Test
    void unknownVectorStoreListsTheAvailableOnes() {
        assertThatThrownBy(() -> TestServers.start(dataDir, "VECTOR_STORE", "nosuchdb"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("VECTOR_STORE=nosuchdb")
                .hasMessageContaining("lucene");
    }

    @Test
    void unknownLlmProviderListsExtractive() {
        assertThatThrownBy(() -> TestServers.start(dataDir, "LLM_PROVIDER", "nosuchllm"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("LLM_PROVIDER=nosuchllm")
                .hasMessageContaining("extractive");
    }

    @Test
    void unknownCacheBackendListsMemory() {
        assertThatThrownBy(() -> TestServers.start(dataDir, "CACHE_BACKEND", "nosuchcache"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("CACHE_BACKEND=nosuchcache")
                .hasMessageContaining("memory");
    }

    @Test
    void unknownRateLimitBackendListsTheAvailableOnes() {
        assertThatThrownBy(() -> TestServers.start(dataDir, "RATE_LIMIT_BACKEND", "nosuchstore"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("RATE_LIMIT_BACKEND=nosuchstore")
                .hasMessageContaining("memory, redis");
    }

    @Test
    void malformedNumbersNameTheirVariable() {
        assertThatThrownBy(() -> TestServers.start(dataDir, "CACHE_TTL", "soon"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("CACHE_TTL");
        assertThatThrownBy(() -> TestServers.start(dataDir, "PORT", "99999"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("PORT");
    }
}
