package dev.ragservice.benchmarks.concurrency;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.ragservice.adapters.openai.OpenAiWire;
import dev.ragservice.benchmarks.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI on loopback, cheap enough not to be what the benchmark measures: the JDK's HTTP server with one virtual
 * thread per request, so requests waiting out the chat model's delay hold no platform thread.
 * {@code POST /v1/chat/completions} answers a completion in OpenAI's wire format (the adapter tests'
 * {@link OpenAiWire}) after the delay; {@code POST /v1/embeddings} answers at once, one vector per input, each
 * seeded by its text so different texts get different vectors (an index of identical vectors would make vector
 * search pathological). WireMock with asynchronous responses does the same at several times the CPU per request:
 * on the busy 2 cores of the first trial it capped the direct run at 311 requests/s where Little's law allows 512.
 */
final class OpenAiStandIn implements AutoCloseable {

    static final int DIMENSIONS = 1536;
    private static final byte[] COMPLETION = OpenAiWire.chatCompletion(
                    "Batcher's odd-even merge sorts in O(log^2 n) steps [1].", "gpt-4o-mini-2024-07-18", 412, 23)
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicLong lastStartedNanos = new AtomicLong(System.nanoTime());

    OpenAiStandIn(Duration chatDelay) {
        // Read once by the JDK's server: without no-delay a reply written in two parts waits for a delayed ACK
        // (40 ms), and its default pool of 200 idle connections is below the 256 clients.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1024");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(requests);
        server.createContext("/v1/chat/completions", counted(exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(chatDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, COMPLETION);
        }));
        server.createContext(
                "/v1/embeddings",
                counted(exchange -> reply(
                        exchange,
                        embeddings(Json.read(
                                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))
                                .getBytes(StandardCharsets.UTF_8))));
        server.start();
    }

    /**
     * Waits until no request has been in progress or started for {@code quiet}: the service has finished what a
     * load generator left it with, so the next measurement starts on an idle service.
     */
    void awaitQuiet(Duration quiet) {
        try {
            while (inProgress.get() > 0 || System.nanoTime() - lastStartedNanos.get() < quiet.toNanos()) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value for {@code OPENAI_BASE_URL}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    String chatUrl() {
        return baseUrl() + "/chat/completions";
    }

    String embeddingsUrl() {
        return baseUrl() + "/embeddings";
    }

    @Override
    public void close() {
        server.stop(0);
        requests.close();
    }

    private HttpHandler counted(HttpHandler handler) {
        return exchange -> {
            lastStartedNanos.set(System.nanoTime());
            inProgress.incrementAndGet();
            try {
                handler.handle(exchange);
            } finally {
                inProgress.decrementAndGet();
            }
        };
    }

    /** OpenAI's answer to an embeddings request, as floats: its adapter asks for them. */
    private static String embeddings(JsonNode request) {
        StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
        long tokens = 0;
        JsonNode inputs = request.get("input");
        for (int index = 0; index < inputs.size(); index++) {
            String text = inputs.get(index).asText();
            tokens += text.isBlank() ? 0 : text.trim().split("\\s+").length;
            body.append(index == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":")
                    .append(index)
                    .append(",\"embedding\":[");
            Random random = new Random(text.hashCode());
            for (int i = 0; i < request.path("dimensions").asInt(DIMENSIONS); i++) {
                body.append(i == 0 ? "" : ",").append(random.nextFloat() * 2 - 1);
            }
            body.append("]}");
        }
        return body.append("],\"model\":\"")
                .append(request.get("model").asText())
                .append("\",\"usage\":{\"prompt_tokens\":")
                .append(tokens)
                .append(",\"total_tokens\":")
                .append(tokens)
                .append("}}")
                .toString();
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
