package dev.ragservice.benchmarks.memory;

/** A process's resident set now and its high-water mark, in MiB, from {@code /proc/<pid>/status}. */
record ResidentMemory(long rssMiB, long peakMiB) {
}
