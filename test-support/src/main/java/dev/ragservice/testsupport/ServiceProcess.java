package dev.ragservice.testsupport;

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
 * The service as a process of its own, started as a container starts it ({@code java -jar rag-service.jar}, or the
 * main class from a class path), on a free loopback port with a data directory of its own, and timed until its
 * readiness probe answers. Standard output (the JSON log) and standard error go to files in the work directory.
 *
 * <p>The child inherits only a few harmless variables: an API key or {@code REDIS_URL} of the machine never leaks
 * into it. The request limits are far above any test's load unless the caller sets its own.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Variables the child may inherit; everything else stays out of it. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "TMPDIR", "LANG", "DJL_CACHE_DIR");

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;
    private final Duration startToReady;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private ServiceProcess(Process process, int port, Path stdout, Path stderr, Duration startToReady) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startToReady = startToReady;
    }

    /**
     * The service's main class from the caller's own class path.
     *
     * @param settings environment variables as name/value pairs; {@code DATA_DIR} defaults to {@code workDir/data}
     */
    public static ServiceProcess fromClassPath(
            Path workDir, String mainClass, List<String> jvmOptions, String... settings) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return launch(workDir, command, settings);
    }

    /** The packaged service, as {@code scripts/run} and the image start it. */
    public static ServiceProcess fromJar(Path workDir, Path jar, List<String> jvmOptions, String... settings) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return launch(workDir, command, settings);
    }

    private static ServiceProcess launch(Path workDir, List<String> arguments, String... settings) {
        int port = freePort();
        Path stdout = workDir.resolve("stdout.log");
        Path stderr = workDir.resolve("stderr.log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true"));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.put("OPT_OUT_TRACKING", "true");
        environment.put("HOST", "127.0.0.1");
        environment.put("PORT", Integer.toString(port));
        environment.put("DATA_DIR", workDir.resolve("data").toString());
        environment.put("RATE_LIMIT_RPM", "1000000000");
        environment.put("RATE_LIMIT_BURST", "1000000000");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            environment.put(settings[i], settings[i + 1]);
        }
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ServiceProcess starting = new ServiceProcess(process, port, stdout, stderr, Duration.ZERO);
        starting.awaitReady();
        return new ServiceProcess(process, port, stdout, stderr, Duration.ofNanos(System.nanoTime() - started));
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }

    /** From starting the JVM to the first 200 of {@code /health/ready}, polled every 10 ms. */
    public Duration startToReady() {
        return startToReady;
    }

    /** The lines the service has written to standard output so far. */
    public List<String> stdoutLines() {
        return read(stdout);
    }

    public List<String> stderrLines() {
        return read(stderr);
    }

    /** {@code POST path} with a JSON body; fails unless the answer is 200. */
    public String post(String path, String json) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
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

    /** Resident memory now ({@code VmRSS}) and at its peak so far ({@code VmHWM}). */
    public ResidentMemory memory() {
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

    /** Stops the service as Kubernetes does (SIGTERM) and waits for it; answers its exit status. */
    public int terminate(Duration patience) {
        process.destroy();
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping the service", e);
        }
    }

    /** Kills the process at once, if it still runs: tests that want a graceful stop call {@link #terminate}. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady() {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .GET()
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue()
                            + " while starting:\n" + String.join("\n", stdoutLines()) + "\n"
                            + String.join("\n", stderrLines()));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // Connection refused until the server listens (it loads the model first).
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("not ready within " + STARTUP + ":\n" + String.join("\n", stdoutLines()));
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
}
