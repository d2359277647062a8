package dev.ragservice.benchmarks.ingest;

/** Chunks handled in one round of one path, and how many per second. */
record Throughput(long chunks, double perSecond) {

    static Throughput since(long startedNanos, long chunks) {
        return new Throughput(chunks, chunks / ((System.nanoTime() - startedNanos) / 1e9));
    }
}
