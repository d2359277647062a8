package dev.ragservice.benchmarks.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.util.ListStatistics;

/** The chunks/s of one path, round by round, summarised for the table: median, and the range of the rounds. */
final class RoundRates {

    private final List<Double> rates = new ArrayList<>();

    void add(Throughput throughput) {
        rates.add(throughput.perSecond());
    }

    double median() {
        return new ListStatistics(
                        rates.stream().mapToDouble(Double::doubleValue).toArray())
                .getPercentile(50);
    }

    /** e.g. {@code 7.4 - 14.1}. */
    String range() {
        return format(rates.stream().mapToDouble(Double::doubleValue).min().orElse(0)) + " - "
                + format(rates.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /** This path's rate over the other's, round by round, e.g. {@code 1.67, 1.02}. */
    String ratiosTo(RoundRates other) {
        return IntStream.range(0, rates.size())
                .mapToObj(i -> String.format(Locale.ROOT, "%.2f", rates.get(i) / other.rates.get(i)))
                .collect(Collectors.joining(", "));
    }

    static String format(double rate) {
        return String.format(Locale.ROOT, "%.1f", rate);
    }
}
