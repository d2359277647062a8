package dev.ragservice.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.adapters.local.cache.CaffeineCacheProvider;
import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModelProvider;
import dev.ragservice.adapters.local.lucene.LuceneVectorStoreProvider;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.embedding.EmbeddingModelProvider;
import dev.ragservice.ports.plugin.NamedProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import dev.ragservice.ports.vector.VectorStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The providers are found the way the service finds them, by name, and check their settings. */
class ProvidersTest {

    @Test
    void everyProviderIsRegisteredUnderItsName() {
        assertThat(names(EmbeddingModelProvider.class)).containsExactly("local");
        assertThat(names(VectorStoreProvider.class)).containsExactly("lucene");
        assertThat(names(CacheProvider.class)).containsExactly("memory");
    }

    @Test
    void theLuceneIndexLivesUnderDataDir(@TempDir Path dataDir) {
        PluginConfig config = PluginConfig.of(Map.of("DATA_DIR", dataDir.toString()));
        try (VectorStore store = new LuceneVectorStoreProvider().create(new IndexSpec("m", 3), config)) {
            assertThat(store.isAvailable()).isTrue();
        }
        assertThat(dataDir.resolve("lucene"))
                .isDirectoryContaining(path -> path.getFileName().toString().startsWith("segments_"));
    }

    @Test
    void badSettingsNameTheirVariable(@TempDir Path dataDir) {
        PluginConfig base = PluginConfig.of(Map.of("DATA_DIR", dataDir.toString()));
        IndexSpec spec = new IndexSpec("m", 3);

        assertThatThrownBy(() -> new LuceneVectorStoreProvider().create(spec, base.with("BM25_B", "1.5")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("BM25_B");
        assertThatThrownBy(() -> new LuceneVectorStoreProvider().create(spec, base.with("BM25_K1", "-1")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("BM25_K1");
        assertThatThrownBy(() ->
                        new MiniLmEmbeddingModelProvider().create(PluginConfig.of(Map.of("EMBEDDING_BATCH_SIZE", "0"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("EMBEDDING_BATCH_SIZE");
        assertThatThrownBy(() ->
                        new MiniLmEmbeddingModelProvider().create(PluginConfig.of(Map.of("EMBEDDING_THREADS", "none"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("EMBEDDING_THREADS");
        assertThatThrownBy(() -> new CaffeineCacheProvider().create(PluginConfig.of(Map.of("CACHE_MAX_BYTES", "0"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("CACHE_MAX_BYTES");
    }

    @Test
    void theMemoryCacheWorksWithDefaults() {
        Cache cache = new CaffeineCacheProvider().create(PluginConfig.empty());
        cache.put("k", new byte[] {7}, Duration.ofMinutes(1));

        assertThat(cache.get("k")).hasValueSatisfying(value -> assertThat(value).containsExactly(7));
    }

    private static <T extends NamedProvider> List<String> names(Class<T> kind) {
        return ServiceLoader.load(kind).stream()
                .map(provider -> provider.get().name())
                .toList();
    }
}
