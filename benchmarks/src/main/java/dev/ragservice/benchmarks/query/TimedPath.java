package dev.ragservice.benchmarks.query;

import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One way of answering a question, timed call by call: the clock covers {@code call} only; counting the results
 * afterwards checks that the call really retrieved {@code k} of them (a fast error must not pass for a fast
 * answer).
 */
final class TimedPath<T> {

    private final String name;
    private final int k;
    private final Function<String, T> call;
    private final ToIntFunction<T> results;
    private final ListStatistics millis = new ListStatistics();

    TimedPath(String name, int k, Function<String, T> call, ToIntFunction<T> results) {
        this.name = name;
        this.k = k;
        this.call = call;
        this.results = results;
    }

    /** Asks once; keeps the time when {@code measured}, else only warms up. */
    void ask(String question, boolean measured) {
        long started = System.nanoTime();
        T answer = call.apply(question);
        long elapsed = System.nanoTime() - started;
        int found = results.applyAsInt(answer);
        if (found != k) {
            throw new IllegalStateException(name + " found " + found + " results instead of " + k);
        }
        if (measured) {
            millis.addValue(elapsed / 1e6);
        }
    }

    String name() {
        return name;
    }

    int k() {
        return k;
    }

    long count() {
        return millis.getN();
    }

    double percentile(double rank) {
        return millis.getPercentile(rank);
    }
}
