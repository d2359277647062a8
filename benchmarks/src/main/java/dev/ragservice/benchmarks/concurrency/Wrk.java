package dev.ragservice.benchmarks.concurrency;

import dev.ragservice.benchmarks.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The load generator: wrk (Debian's package), a closed loop of connections each sending its next request when the
 * last one is answered, with {@code benchmarks/load/unique-requests.lua} making every request new. Chosen over
 * Gatling because it is a small C program: a few percent of one core at these rates, where a Gatling JVM would
 * take a share of the two cores that the service and the stand-in need.
 */
final class Wrk {

    static final Path SCRIPT = Path.of("benchmarks", "load", "unique-requests.lua");
    private static final String RESULT = "wrk-result ";

    /** Fails early, saying what to do, when wrk or the script is missing. */
    static void requireInstalled() {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException(SCRIPT + " is missing: run from the repository's root");
        }
        try {
            new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: apt-get install wrk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs wrk for {@code seconds} with {@code connections} clients against {@code url}.
     *
     * @param kind what the script sends: {@code query}, {@code chat} or {@code embeddings}
     */
    static WrkResult run(String url, String kind, int connections, int seconds) {
        ProcessBuilder builder = new ProcessBuilder(
                        "wrk",
                        "-t" + Math.min(2, connections),
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--timeout",
                        "60s",
                        "-s",
                        SCRIPT.toString(),
                        url)
                .redirectErrorStream(true);
        builder.environment().put("WRK_KIND", kind);
        builder.environment().put("WRK_RUN", Long.toString(System.nanoTime()));
        try {
            Process wrk = builder.start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = wrk.waitFor();
            List<String> lines =
                    output.lines().filter(line -> line.startsWith(RESULT)).toList();
            if (status != 0 || lines.size() != 1) {
                throw new IllegalStateException("wrk exited with " + status + ":\n" + output);
            }
            return WrkResult.parse(lines.getFirst().substring(RESULT.length()), Machine.currentLoadAverage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wrk ran", e);
        }
    }
}
