package dev.ragservice.eval;

import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.answer.Question;
import dev.ragservice.domain.answer.Retriever;
import dev.ragservice.domain.ingest.Document;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.domain.ingest.IngestedDocument;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.SearchHit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Measures retrieval on a test collection through the service's own use cases: documents go in through
 * {@link IngestDocuments}, as {@code POST /documents} sends them, and every query is ranked by the
 * {@link Retriever} that serves {@code POST /query}, so the numbers are those of the product, chunking included.
 *
 * <p>Judgments are about documents, the service finds chunks: a document ranks where its best chunk ranks. To
 * rank {@code depth} documents, it asks for {@code depth} chunks and, while several chunks of one document
 * leave fewer than {@code depth} documents, asks again twice as deep.
 */
public final class RetrievalEvaluation {

    static final String NAMESPACE = "eval";
    /** Documents per ingest call: small enough for a lively progress bar, large enough to batch embeddings. */
    static final int INGEST_BATCH = 128;

    /** An evaluation has no deadline of its own: each call is bounded by its dependency's timeout alone. */
    private static final Supplier<RequestContext> UNHURRIED = () -> RequestContext.internal(Duration.ofDays(1));

    private final IngestDocuments ingest;
    private final Retriever retriever;
    private final PrintStream progress;

    /** @param progress where the progress bars go (standard error, so standard output stays the report) */
    public RetrievalEvaluation(IngestDocuments ingest, Retriever retriever, PrintStream progress) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Stores the collection's documents; documents without text are left out and counted. */
    public IngestSummary ingest(BeirCollection collection) {
        long started = System.nanoTime();
        List<Document> documents = new ArrayList<>();
        int empty = 0;
        for (BeirDocument document : collection.corpus()) {
            String text = document.fullText();
            if (text.isBlank()) {
                empty++;
            } else {
                documents.add(new Document(document.id(), text));
            }
        }
        int chunks = 0;
        try (ProgressBar bar = new ProgressBar(progress, "ingest", documents.size())) {
            for (int from = 0; from < documents.size(); from += INGEST_BATCH) {
                List<Document> batch = documents.subList(from, Math.min(documents.size(), from + INGEST_BATCH));
                for (IngestedDocument stored : ingest.ingest(new IngestCommand(NAMESPACE, batch, UNHURRIED.get()))) {
                    chunks += stored.chunks();
                }
                bar.advance(batch.size());
            }
        }
        return new IngestSummary(documents.size(), empty, chunks, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Ranks {@code depth} documents for every query that has a relevant judged document and averages the
     * measures over those queries.
     *
     * @param ingested what {@link #ingest} answered for this collection
     */
    public EvaluationReport evaluate(BeirCollection collection, IngestSummary ingested, EvalMode mode, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be positive, got " + depth);
        }
        long started = System.nanoTime();
        List<BeirQuery> judged = collection.queries().stream()
                .filter(query -> !query.text().isBlank() && collection.qrels().hasRelevant(query.id()))
                .toList();
        List<QueryMetrics> perQuery = new ArrayList<>(judged.size());
        try (ProgressBar bar = new ProgressBar(progress, mode.label(), judged.size())) {
            for (BeirQuery query : judged) {
                List<String> ranking = rank(query, mode, depth, ingested.chunks());
                perQuery.add(QueryMetrics.of(ranking, collection.qrels().judgments(query.id())));
                bar.advance(1);
            }
        }
        return new EvaluationReport(
                collection.name(),
                mode,
                depth,
                ingested,
                collection.queries().size(),
                judged.size(),
                collection.queries().size() - judged.size(),
                QueryMetrics.mean(perQuery),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The query's first {@code depth} documents, best first. */
    List<String> rank(BeirQuery query, EvalMode mode, int depth, int chunksStored) {
        // Never ask for more chunks than there are: they could not hold more documents.
        int deepest = Math.min(Retriever.MAX_RANK_DEPTH, Math.max(1, chunksStored));
        Question question = new Question(
                NAMESPACE, query.text(), Question.MAX_K, Filter.ALL, mode.searchMode(), false, UNHURRIED.get());
        int chunkDepth = Math.min(depth, deepest);
        while (true) {
            List<SearchHit> hits = retriever.rank(question, chunkDepth);
            List<String> documents = DocumentRanking.of(hits);
            boolean exhausted = hits.size() < chunkDepth || chunkDepth >= deepest;
            if (documents.size() >= depth || exhausted) {
                return documents.size() <= depth ? documents : documents.subList(0, depth);
            }
            chunkDepth = (int) Math.min(deepest, 2L * chunkDepth);
        }
    }
}
