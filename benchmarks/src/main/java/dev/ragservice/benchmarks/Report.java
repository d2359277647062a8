package dev.ragservice.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark's result as a section for docs/benchmarks.md: the command that produced it, the machine, the table
 * and notes. Printed to standard output and written to {@code benchmarks/target/results/NAME.md}, to paste.
 */
public record Report(String name, String command, Machine machine, MarkdownTable table, String notes) {

    public String markdown() {
        return "Command: `" + command + "`\n\n" + machine.describe() + "\n\n" + table
                + (notes.isEmpty() ? "" : "\n" + notes + "\n");
    }

    /** The same report, its machine line also saying how busy the machine was when the benchmark started. */
    public Report startedAt(String loadAverageBefore) {
        return new Report(name, command, machine.startedAt(loadAverageBefore), table, notes);
    }

    /** Prints the section and writes it under {@code directory}; answers the file written. */
    public Path publish(Path directory) {
        String text = markdown();
        System.out.println();
        System.out.println(text);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".md");
            Files.writeString(file, text);
            System.out.println("(written to " + file + ")");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
