package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import dev.ragservice.ports.vector.IndexSpec;
import dev.ragservice.ports.vector.VectorStore;
import dev.ragservice.ports.vector.VectorStoreProvider;
import java.nio.file.Path;

/**
 * {@code VECTOR_STORE=lucene}: an index in {@code DATA_DIR/lucene} (default {@code ./data}). BM25 parameters
 * {@code BM25_K1} (default 0.9) and {@code BM25_B} (default 0.4) are Anserini's, so published BM25 baselines
 * can be reproduced.
 */
public final class LuceneVectorStoreProvider implements VectorStoreProvider {

    static final double DEFAULT_K1 = 0.9;
    static final double DEFAULT_B = 0.4;

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public VectorStore create(IndexSpec index, PluginConfig config) {
        Path dataDir = config.getPath("DATA_DIR", Path.of("data"));
        double k1 = config.getDouble("BM25_K1", DEFAULT_K1);
        double b = config.getDouble("BM25_B", DEFAULT_B);
        if (!Double.isFinite(k1) || k1 < 0) {
            throw new PluginConfigException("BM25_K1 must be a number of at least 0, got " + k1);
        }
        if (!(b >= 0 && b <= 1)) {
            throw new PluginConfigException("BM25_B must be between 0 and 1, got " + b);
        }
        return new LuceneVectorStore(dataDir.resolve("lucene"), index, (float) k1, (float) b);
    }
}
