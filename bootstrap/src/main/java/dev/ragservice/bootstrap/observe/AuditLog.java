package dev.ragservice.bootstrap.observe;

import dev.ragservice.domain.access.Caller;
import java.lang.System.Logger.Level;

/**
 * One JSON line per change to the documents ({@code dev.ragservice.audit}): who (the key's id), where (the
 * namespace) and how much. Never a key, a text, a question or a document id: only counts.
 */
public final class AuditLog {

    private static final System.Logger AUDIT = System.getLogger("dev.ragservice.audit");

    private AuditLog() {}

    public static void ingested(Caller caller, String namespace, int documents) {
        log("ingest", caller, namespace, "documents", documents);
    }

    public static void deleted(Caller caller, String namespace, int ids) {
        log("delete", caller, namespace, "ids", ids);
    }

    private static void log(String event, Caller caller, String namespace, String counted, int count) {
        if (AUDIT.isLoggable(Level.INFO)) {
            AUDIT.log(
                    Level.INFO,
                    "{\"type\":\"audit\",\"event\":\"" + event + "\",\"key_id\":"
                            + JsonLogLine.quote(caller.id()) + ",\"namespace\":" + JsonLogLine.quote(namespace) + ",\""
                            + counted + "\":" + count + "}");
        }
    }
}
