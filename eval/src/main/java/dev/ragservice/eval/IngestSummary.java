package dev.ragservice.eval;

import java.time.Duration;

/**
 * What ingesting a test collection stored.
 *
 * @param documents      documents stored
 * @param emptyDocuments documents left out because they have no text (the service refuses those)
 * @param chunks         chunks the documents were split into
 */
public record IngestSummary(int documents, int emptyDocuments, int chunks, Duration took) {}
