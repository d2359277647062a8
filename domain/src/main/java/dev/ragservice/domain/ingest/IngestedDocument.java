package dev.ragservice.domain.ingest;

/** A stored document: its id (given or derived) and how many chunks it was split into. */
public record IngestedDocument(String id, int chunks) {}
