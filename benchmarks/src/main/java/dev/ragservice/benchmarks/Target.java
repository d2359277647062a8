package dev.ragservice.benchmarks;

import java.util.Locale;

/** One of the targets beside what a run measured: a row of the targets table under a result. */
public record Target(String what, String measured, String goal, boolean met) {

    public static Target atMost(String what, double measured, double limit) {
        return new Target(what, format(measured), "<= " + format(limit), measured <= limit);
    }

    public static Target atLeast(String what, double measured, double limit) {
        return new Target(what, format(measured), ">= " + format(limit), measured >= limit);
    }

    /** A count that must be zero (errors, degraded answers). */
    public static Target none(String what, long count) {
        return new Target(what, Long.toString(count), "0", count == 0);
    }

    /** The targets as a Markdown table. */
    public static MarkdownTable table(Target... targets) {
        MarkdownTable table = new MarkdownTable("target", "measured", "goal", "met");
        for (Target target : targets) {
            table.row(target.what(), target.measured(), target.goal(), target.met() ? "yes" : "**no**");
        }
        return table;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
