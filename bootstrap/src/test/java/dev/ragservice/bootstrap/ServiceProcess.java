package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The service as its own process, started the way a container starts it ({@code java ... Main}) from the test's
 * class path, on a free loopback port with a data directory of its own. Standard output (the JSON log) and
 * standard error go to files the test reads.
 */
final class ServiceProcess implements AutoCloseable {

    /** Variables the child may inherit; everything else (keys, REDIS_URL, ...) stays out of it. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "TMPDIR", "LANG", "DJL_CACHE_DIR",
            "OPT_OUT_TRACKING");
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the service and returns once its readiness probe answers 200. */
    static ServiceProcess start(Path workDir, String... settings) throws IOException, InterruptedException {
        return launch(workDir, List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), settings);
    }

    /** The packaged service, as {@code scripts/run} and the image start it: {@code java -jar rag-service.jar}. */
    static ServiceProcess startJar(Path workDir, Path jar, String... settings)
            throws IOException, InterruptedException {
        return launch(workDir, List.of("-jar", jar.toString()), settings);
    }

    private static ServiceProcess launch(Path workDir, List<String> what, String... settings)
            throws IOException, InterruptedException {
        int port = MetricsEndpointTest.freePort();
        Path stdout = workDir.resolve("stdout.log");
        Path stderr = workDir.resolve("stderr.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true"));
        command.addAll(what);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.put("OPT_OUT_TRACKING", "true");
        environment.put("HOST", "127.0.0.1");
        environment.put("PORT", Integer.toString(port));
        environment.put("DATA_DIR", workDir.resolve("data").toString());
        // Like TestServers: the limiter runs, but a test's load never reaches it unless the test sets limits.
        environment.put("RATE_LIMIT_RPM", "1000000");
        environment.put("RATE_LIMIT_BURST", "1000000");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            environment.put(settings[i], settings[i + 1]);
        }
        ServiceProcess service = new ServiceProcess(builder.start(), port, stdout, stderr);
        service.awaitReady();
        return service;
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /** The lines the service has written to standard output so far. */
    List<String> stdoutLines() {
        return read(stdout);
    }

    List<String> stderrLines() {
        return read(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the service exited while starting:%n%s%n%s",
                    String.join("\n", stdoutLines()), String.join("\n", stderrLines())).isTrue();
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still loading the model
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + STARTUP + ":\n" + String.join("\n", stdoutLines()));
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
