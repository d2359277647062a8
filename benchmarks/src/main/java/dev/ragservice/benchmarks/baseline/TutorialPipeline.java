package dev.ragservice.benchmarks.baseline;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;

/**
 * The baseline of the latency and ingest benchmarks: what a Java team would write from LangChain4j's tutorial,
 * in process and without HTTP. all-MiniLM-L6-v2 embeds each text with one call ({@code embed}, as the tutorial
 * does), an {@link InMemoryEmbeddingStore} keeps the vectors, and a question is embedded and searched for its k
 * nearest texts. The service embeds with the same ONNX model, so the two differ only in what surrounds it.
 */
public final class TutorialPipeline {

    private final EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();

    /** Embeds the text with one call of its own and stores it. */
    public void add(String text) {
        TextSegment segment = TextSegment.from(text);
        store.add(model.embed(segment).content(), segment);
    }

    /** One embedding call for one text, the tutorial's way of ingesting; the vector is not kept. */
    public Embedding embed(String text) {
        return model.embed(text).content();
    }

    /** Embeds the question and answers the k texts nearest to it, best first. */
    public List<EmbeddingMatch<TextSegment>> search(String question, int k) {
        return store.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(model.embed(question).content())
                        .maxResults(k)
                        .build())
                .matches();
    }
}
