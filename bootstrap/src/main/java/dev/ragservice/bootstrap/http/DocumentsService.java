package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.observe.AuditLog;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.ingest.DeleteCommand;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.domain.ingest.IngestedDocument;
import dev.ragservice.ports.DependencyException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** {@code POST /documents} ingests texts; {@code DELETE /documents/{id}} removes one document. */
public final class DocumentsService implements HttpService {

    record IngestResponse(String namespace, List<IngestedDocument> documents, long chunks) {}

    record DeleteResponse(String namespace, String id, boolean deleted) {}

    private final IngestDocuments ingest;
    private final Json json;
    private final RagMetrics metrics;
    private final RequestContexts contexts;
    private final RequestLimits limits;
    /**
     * Ingests that may read and process their bodies at once; the others wait with their bodies unread, so memory
     * holds a few parsed requests at most however many arrive.
     */
    private final Semaphore ingesting;

    public DocumentsService(
            IngestDocuments ingest,
            Json json,
            RagMetrics metrics,
            RequestContexts contexts,
            RequestLimits limits,
            int maxConcurrentIngests) {
        this.ingest = ingest;
        this.json = json;
        this.metrics = metrics;
        this.contexts = contexts;
        this.limits = limits;
        this.ingesting = new Semaphore(maxConcurrentIngests, true);
    }

    @Override
    public void routing(HttpRules rules) {
        String path = Endpoint.DOCUMENTS.path();
        rules.post(path, this::ingest).delete(path + "/{id}", this::delete).any(path, MethodNotAllowed.allow("POST"));
    }

    private void ingest(ServerRequest request, ServerResponse response) {
        RequestContext context = contexts.of(request, Endpoint.DOCUMENTS);
        awaitTurn(context);
        try {
            ingest(request, response, context);
        } finally {
            ingesting.release();
        }
    }

    /** @throws DependencyException (503, with Retry-After) when the request's deadline passes first */
    private void awaitTurn(RequestContext context) {
        try {
            if (!ingesting.tryAcquire(Math.max(0, context.deadline().remaining().toNanos()), TimeUnit.NANOSECONDS)) {
                throw new DependencyException(
                        "ingest",
                        DependencyException.Kind.TIMED_OUT,
                        "other ingests took the whole deadline",
                        Duration.ofSeconds(1),
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyException("ingest", DependencyException.Kind.TIMED_OUT, "interrupted while waiting", e);
        }
    }

    private void ingest(ServerRequest request, ServerResponse response, RequestContext context) {
        DocumentsRequest body = DocumentsRequest.from(
                json.readObject(request), contexts.defaultNamespace(request), json.mapper(), limits);
        List<IngestedDocument> documents =
                ingest.ingest(new IngestCommand(body.namespace(), body.documents(), context));
        long chunks = documents.stream().mapToLong(IngestedDocument::chunks).sum();
        metrics.ingested(chunks);
        AuditLog.ingested(context.caller(), body.namespace(), documents.size());
        json.send(response, 200, new IngestResponse(body.namespace(), documents, chunks));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        String namespace = JsonFields.namespace(
                request.query().first("namespace").asOptional(), contexts.defaultNamespace(request));
        RequestContext context = contexts.of(request, Endpoint.DOCUMENTS);
        ingest.delete(new DeleteCommand(namespace, List.of(id), context));
        AuditLog.deleted(context.caller(), namespace, 1);
        json.send(response, 200, new DeleteResponse(namespace, id, true));
    }
}
