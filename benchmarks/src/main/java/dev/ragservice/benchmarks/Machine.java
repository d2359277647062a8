package dev.ragservice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * What a result was measured on: cores, memory, JDK and the load the machine had, for the line above every table.
 * Numbers from a shared machine move with the load, so the load average is part of the record.
 */
public record Machine(
        int cores, String cpu, long memoryMiB, String jdk, String date, String loadAverageAtStart, String loadAverage) {

    /** The machine now; the load average at the start is unknown until {@link #startedAt} sets it. */
    public static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                totalMemoryMiB(),
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                LocalDate.now(ZoneOffset.UTC).toString(),
                "",
                currentLoadAverage());
    }

    /** The same, with the load average the machine had when the benchmark started. */
    public Machine startedAt(String loadAverageBefore) {
        return new Machine(cores, cpu, memoryMiB, jdk, date, loadAverageBefore, loadAverage);
    }

    /** One line for docs/benchmarks.md, e.g. {@code Date: 2026-11-25. Machine: 2 cores (AMD EPYC ...), ...}. */
    public String describe() {
        String load = loadAverageAtStart.isEmpty()
                ? "load average " + loadAverage
                : "load average " + loadAverageAtStart + " before, " + loadAverage + " after";
        return String.format(
                Locale.ROOT,
                "Date: %s. Machine: %d cores (%s), %,d MiB RAM, %s; %s.",
                date,
                cores,
                cpu,
                memoryMiB,
                jdk,
                load);
    }

    /** The current load average (1, 5, 15 minutes), to note how busy the machine was at the end of a run. */
    public static String currentLoadAverage() {
        String[] fields = read("/proc/loadavg").split("\\s+");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo")
                .lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
    }

    private static long totalMemoryMiB() {
        return read("/proc/meminfo")
                .lines()
                .filter(line -> line.startsWith("MemTotal:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                .findFirst()
                .orElse(0);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
