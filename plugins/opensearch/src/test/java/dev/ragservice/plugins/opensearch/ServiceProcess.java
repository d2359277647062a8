package dev.ragservice.plugins.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code bootstrap/target/rag-service.jar}) in a process of its own, as a replica runs in
 * production: the plugin comes from {@code PLUGINS_DIR} and nowhere else. Its output goes to a log file the test
 * can read; closing it stops the process by its pid.
 */
final class ServiceProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Path SERVICE_JAR =
            Path.of(System.getProperty("rag.service.jar", "../../bootstrap/target/rag-service.jar"));

    /** What a reply says: its status and its JSON body. */
    record Reply(int status, JsonNode json) {}

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service with these settings (environment variables) and waits until it is ready. */
    static ServiceProcess start(Path workDir, Map<String, String> settings) throws IOException {
        if (!Files.isRegularFile(SERVICE_JAR)) {
            throw new IllegalStateException(SERVICE_JAR + " is missing: package bootstrap first");
        }
        int port = freePort();
        Path log = workDir.resolve("service-" + port + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-Dai.djl.offline=true",
                        "-jar",
                        SERVICE_JAR.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(settings);
        builder.environment()
                .putAll(Map.of(
                        "HOST",
                        "127.0.0.1",
                        "PORT",
                        Integer.toString(port),
                        "DATA_DIR",
                        Files.createDirectories(workDir.resolve("data-" + port)).toString(),
                        "OPT_OUT_TRACKING",
                        "true",
                        "DJL_OFFLINE",
                        "true",
                        "RATE_LIMIT_RPM",
                        "1000000",
                        "RATE_LIMIT_BURST",
                        "1000000"));
        ServiceProcess service = new ServiceProcess(builder.start(), log, port);
        service.awaitReady(Duration.ofMinutes(3));
        return service;
    }

    Reply post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitReady(Duration patience) {
        Instant until = Instant.now().plus(patience);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(uri("/health/ready"))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Polled again below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the service was not ready within " + patience + "; see " + log);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body.isEmpty() ? JSON.nullNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
