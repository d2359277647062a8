package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real process under load: readiness fails at once, the service keeps serving through
 * {@code SHUTDOWN_DELAY_SECONDS}, a request in flight when the listener closes still completes, no request the
 * service accepted fails, and the process exits 0.
 *
 * <p>What counts: every request sent before the signal must get an answer below 500. A request sent after it
 * must not get a 5xx either; it may find the listener closed (connection refused, or reset if it reached the
 * socket's backlog as the listener closed): the service never accepted it, and a load balancer that saw
 * readiness fail would not have sent it.
 */
class GracefulShutdownTest {

    private static final int WORKERS = 6;

    @TempDir
    Path workDir;

    /** One request of the load and how it ended. */
    record Outcome(String endpoint, boolean sentBeforeSignal, int status, String error) {
        boolean failed() {
            return status >= 500 || (error != null && sentBeforeSignal);
        }
    }

    @Test
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        try (ServiceProcess service = ServiceProcess.fromClassPath(
                workDir,
                Main.class.getName(),
                List.of(),
                "SHUTDOWN_DELAY_SECONDS",
                "2",
                "SHUTDOWN_GRACE_SECONDS",
                "20")) {
            int port = service.port();
            TestClient client = new TestClient(port);
            assertThat(client.postJson(
                                    "/documents", Map.of("texts", List.of(SampleTexts.VOLCANO, SampleTexts.SOURDOUGH)))
                            .status())
                    .isEqualTo(200);

            AtomicBoolean signalled = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            List<Integer> readinessAfterSignal = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
            for (int worker = 0; worker < WORKERS; worker++) {
                boolean ingests = worker % 3 == 0;
                pool.submit(() -> load(http, port, ingests, signalled, stop, outcomes));
            }
            pool.submit(() -> pollReadiness(port, signalled, stop, readinessAfterSignal));

            Thread.sleep(3000);
            try (Socket slow = new Socket("127.0.0.1", port)) {
                byte[] body = ("{\"texts\": [\"" + SampleTexts.VOLCANO + "\"], \"ids\": [\"in-flight\"]}")
                        .getBytes(StandardCharsets.UTF_8);
                OutputStream out = slow.getOutputStream();
                out.write(("POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                long answeredBeforeSignal = outcomes.size();

                signalled.set(true);
                service.process().destroy();
                awaitListenerClosed(port);
                // The listener is closed; the request the server is still reading must complete.
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                slow.setSoTimeout(30_000);
                String response = readAll(slow.getInputStream());
                assertThat(response)
                        .as("the request in flight when the listener closed")
                        .startsWith("HTTP/1.1 200")
                        .contains("\"in-flight\"");
                assertThat(answeredBeforeSignal)
                        .as("requests answered before the signal")
                        .isPositive();
            }

            assertThat(service.process().waitFor(60, TimeUnit.SECONDS))
                    .as("exited")
                    .isTrue();
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(service.process().exitValue())
                    .as("exit status after SIGTERM")
                    .isZero();
            assertThat(outcomes.stream().filter(Outcome::failed).toList())
                    .as("failed requests")
                    .isEmpty();
            assertThat(outcomes.stream().filter(o -> !o.sentBeforeSignal() && o.status() > 0))
                    .as("requests answered while draining")
                    .isNotEmpty();
            assertThat(outcomes.stream()
                            .filter(o -> o.sentBeforeSignal() && o.status() == 200)
                            .map(Outcome::endpoint)
                            .distinct())
                    .containsExactlyInAnyOrder("/query", "/documents");
            // The first probes after destroy() may still beat the signal to the JVM; once down, it stays down.
            assertThat(readinessAfterSignal)
                    .as("readiness after SIGTERM, before the listener closed")
                    .contains(503);
            assertThat(readinessAfterSignal.subList(readinessAfterSignal.indexOf(503), readinessAfterSignal.size()))
                    .containsOnly(503);
            assertThat(service.stdoutLines())
                    .anySatisfy(line -> assertThat(line).contains("shutting down"))
                    .anySatisfy(line -> assertThat(line).contains("\"message\":\"stopped\""));
        }
    }

    private static void load(
            HttpClient http,
            int port,
            boolean ingests,
            AtomicBoolean signalled,
            AtomicBoolean stop,
            Queue<Outcome> outcomes) {
        while (!stop.get()) {
            String endpoint = ingests ? "/documents" : "/query";
            String body = ingests
                    ? "{\"texts\": [\"" + SampleTexts.SOURDOUGH + " Batch " + UUID.randomUUID() + ".\"]}"
                    : "{\"question\": \"Why do volcanoes erupt?\", \"use_cache\": false}";
            boolean beforeSignal = !signalled.get();
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                outcomes.add(new Outcome(endpoint, beforeSignal, response.statusCode(), null));
            } catch (IOException e) {
                outcomes.add(new Outcome(endpoint, beforeSignal, 0, e.toString()));
                if (signalled.get()) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void pollReadiness(int port, AtomicBoolean signalled, AtomicBoolean stop, List<Integer> after) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (!stop.get()) {
            boolean wasSignalled = signalled.get();
            try {
                int status = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (wasSignalled) {
                    after.add(status);
                }
                Thread.sleep(50);
            } catch (IOException e) {
                if (wasSignalled) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void awaitListenerClosed(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(20);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the listener did not close within 30 s of SIGTERM");
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
