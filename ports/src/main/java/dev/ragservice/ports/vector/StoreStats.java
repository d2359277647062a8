package dev.ragservice.ports.vector;

/** How much one namespace holds. */
public record StoreStats(long documents, long chunks) {}
