package dev.ragservice.domain.ingest;

import dev.ragservice.domain.RequestContext;
import java.util.List;
import java.util.Objects;

/** Store these documents in the namespace (replacing documents of the same ids), for this request. */
public record IngestCommand(String namespace, List<Document> documents, RequestContext context) {

    public IngestCommand {
        Objects.requireNonNull(context, "context");
    }
}
