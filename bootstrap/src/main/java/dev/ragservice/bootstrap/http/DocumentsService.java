package dev.ragservice.bootstrap.http;

import dev.ragservice.bootstrap.observe.AuditLog;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.ingest.DeleteCommand;
import dev.ragservice.domain.ingest.IngestCommand;
import dev.ragservice.domain.ingest.IngestDocuments;
import dev.ragservice.domain.ingest.IngestedDocument;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code POST /documents} ingests texts; {@code DELETE /documents/{id}} removes one document. */
public final class DocumentsService implements HttpService {

    record IngestResponse(String namespace, List<IngestedDocument> documents, long chunks) {
    }

    record DeleteResponse(String namespace, String id, boolean deleted) {
    }

    private final IngestDocuments ingest;
    private final Json json;
    private final RagMetrics metrics;
    private final RequestContexts contexts;

    public DocumentsService(IngestDocuments ingest, Json json, RagMetrics metrics, RequestContexts contexts) {
        this.ingest = ingest;
        this.json = json;
        this.metrics = metrics;
        this.contexts = contexts;
    }

    @Override
    public void routing(HttpRules rules) {
        String path = Endpoint.DOCUMENTS.path();
        rules.post(path, this::ingest)
                .delete(path + "/{id}", this::delete)
                .any(path, MethodNotAllowed.allow("POST"));
    }

    private void ingest(ServerRequest request, ServerResponse response) {
        DocumentsRequest body = DocumentsRequest.from(json.readObject(request), contexts.defaultNamespace(request),
                json.mapper());
        RequestContext context = contexts.of(request, Endpoint.DOCUMENTS);
        List<IngestedDocument> documents = ingest.ingest(new IngestCommand(body.namespace(), body.documents(),
                context));
        long chunks = documents.stream().mapToLong(IngestedDocument::chunks).sum();
        metrics.ingested(chunks);
        AuditLog.ingested(context.caller(), body.namespace(), documents.size());
        json.send(response, 200, new IngestResponse(body.namespace(), documents, chunks));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        String namespace = JsonFields.namespace(request.query().first("namespace").asOptional(),
                contexts.defaultNamespace(request));
        RequestContext context = contexts.of(request, Endpoint.DOCUMENTS);
        ingest.delete(new DeleteCommand(namespace, List.of(id), context));
        AuditLog.deleted(context.caller(), namespace, 1);
        json.send(response, 200, new DeleteResponse(namespace, id, true));
    }
}
