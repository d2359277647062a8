package dev.ragservice.plugins.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real two-node OpenSearch cluster on loopback, started with {@code scripts/opensearch-cluster} once for all the
 * tests of this JVM (the first test class that registers the extension starts it) and stopped, by the pids the
 * script recorded, when JUnit has run them all, whatever their outcome; a shutdown hook covers a JVM that ends
 * otherwise.
 */
public final class OpenSearchCluster implements BeforeAllCallback {

    static final int NODES = 2;

    private static final Path SCRIPT =
            Path.of(System.getProperty("rag.cluster.script", "../../scripts/opensearch-cluster"));
    private static final Path DIRECTORY =
            Path.of(System.getProperty("rag.cluster.directory", "target/opensearch-cluster"));

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, type -> Running.start(), Running.class);
    }

    /** Every node's URL, separated by commas: what {@code OPENSEARCH_URL} takes. */
    public String urls() {
        return IntStream.range(0, NODES)
                .mapToObj(node -> "http://127.0.0.1:" + (running.httpPort + node))
                .collect(Collectors.joining(","));
    }

    public void stopNode(int node) {
        running.script("stop-node", Integer.toString(node));
    }

    public void startNode(int node) {
        running.script("start-node", Integer.toString(node));
    }

    /** A request to node 0 for the tests' own housekeeping; the body of the answer. */
    public String request(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.httpPort + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource {

        private final int httpPort;
        private final int transportPort;
        private final Thread hook = new Thread(this::down, "opensearch-cluster-down");

        private Running(int httpPort, int transportPort) {
            this.httpPort = httpPort;
            this.transportPort = transportPort;
        }

        static Running start() {
            Random random = new Random();
            int http = freeRun(random);
            int transport;
            do {
                transport = freeRun(random);
            } while (Math.abs(transport - http) < NODES);
            Running running = new Running(http, transport);
            Runtime.getRuntime().addShutdownHook(running.hook);
            running.script("up", Integer.toString(NODES));
            return running;
        }

        @Override
        public void close() {
            Runtime.getRuntime().removeShutdownHook(hook);
            down();
        }

        private void down() {
            script("down");
        }

        private void script(String... arguments) {
            List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            builder.environment()
                    .put("OPENSEARCH_CLUSTER_DIR", DIRECTORY.toAbsolutePath().toString());
            builder.environment().put("OPENSEARCH_PORT", Integer.toString(httpPort));
            builder.environment().put("OPENSEARCH_TRANSPORT_PORT", Integer.toString(transportPort));
            try {
                Process process = builder.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " took more than 10 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(command + " failed with exit code " + process.exitValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The first of NODES consecutive ports that are free now. */
        private static int freeRun(Random random) {
            while (true) {
                int first = 20_000 + random.nextInt(30_000);
                if (IntStream.range(0, NODES).allMatch(node -> isFree(first + node))) {
                    return first;
                }
            }
        }

        private static boolean isFree(int port) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
