package dev.ragservice.testsupport;

/** A process's resident set now and its high-water mark, in MiB, from {@code /proc/<pid>/status}. */
public record ResidentMemory(long rssMiB, long peakMiB) {}
