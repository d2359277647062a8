package dev.ragservice.domain.cache;

/** The entry of a semantic index nearest to a question, and how near it is. */
record SemanticMatch(String responseKey, double similarity) {}
