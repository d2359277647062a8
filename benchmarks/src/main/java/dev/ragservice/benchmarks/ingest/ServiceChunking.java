package dev.ragservice.benchmarks.ingest;

import dev.ragservice.adapters.local.embedding.MiniLmEmbeddingModel;
import dev.ragservice.domain.ingest.Chunker;
import dev.ragservice.domain.ingest.ChunkingPolicy;

/** The chunks the service makes of a text with its defaults: MiniLM's window, 16 tokens of overlap (CHUNK_*). */
final class ServiceChunking {

    private ServiceChunking() {}

    static Chunker of(MiniLmEmbeddingModel model) {
        int window = model.maxInputTokens();
        return new Chunker(model::countTokens, new ChunkingPolicy(window, Math.min(16, window / 2 - 1)));
    }
}
