package dev.ragservice.benchmarks.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded service as users run it, {@code java -jar rag-service.jar}, in a process of its own: started,
 * timed until {@code /health/ready} answers 200, measured through {@code /proc/<pid>/status}, stopped.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final HttpClient client;
    private final String base;
    private final Duration startToReady;

    private ServiceProcess(Process process, HttpClient client, String base, Duration startToReady) {
        this.process = process;
        this.client = client;
        this.base = base;
        this.startToReady = startToReady;
    }

    /** Starts the service on a free port over {@code dataDir} and waits, polling every 10 ms, until it is ready. */
    static ServiceProcess start(Path serviceJar, Path dataDir, List<String> jvmOptions, Path log) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dai.djl.offline=true", "-jar", serviceJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "HOST", "127.0.0.1",
                "PORT", Integer.toString(port),
                "DATA_DIR", dataDir.toString(),
                "LOG_LEVEL", "WARN",
                "RATE_LIMIT_RPM", "1000000000",
                "RATE_LIMIT_BURST", "1000000000",
                "OPT_OUT_TRACKING", "true"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        String base = "http://127.0.0.1:" + port;
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready")).GET().build();
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        long deadline = started + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new ServiceProcess(process, client, base, Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (IOException notListeningYet) {
                // Connection refused until the server listens.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            sleep(10);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    Duration startToReady() {
        return startToReady;
    }

    /** {@code POST path} with a JSON body; fails unless the answer is 200. */
    String post(String path, String json) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Resident memory now ({@code VmRSS}) and at its peak so far ({@code VmHWM}), in MiB. */
    ResidentMemory memory() {
        try {
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
            return new ResidentMemory(rss / 1024, peak / 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the service as Kubernetes would (SIGTERM), and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
