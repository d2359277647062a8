package dev.ragservice.domain.ingest;

import dev.ragservice.domain.RequestContext;
import java.util.List;
import java.util.Objects;

/** Remove these documents from the namespace; unknown ids are ignored. */
public record DeleteCommand(String namespace, List<String> documentIds, RequestContext context) {

    public DeleteCommand {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(documentIds, "documentIds");
    }
}
