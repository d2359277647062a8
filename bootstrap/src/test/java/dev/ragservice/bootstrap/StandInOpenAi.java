package dev.ragservice.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ragservice.adapters.openai.OpenAiWire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for OpenAI's {@code /v1/chat/completions} that writes its answers at its own pace, in OpenAI's wire
 * format: whole for {@code "stream": false}, as server-sent events chunk by chunk (the usage in a last chunk, then
 * {@code [DONE]}) for {@code "stream": true}. A {@link Reply} decides what each request gets; the stand-in records
 * the requests and notices when the service closes a connection it was still writing to.
 */
final class StandInOpenAi implements AutoCloseable {

    static final String MODEL = "gpt-4o-mini-2024-07-18";

    /** What the stand-in answers one request with. */
    @FunctionalInterface
    interface Reply {
        void write(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One request being answered. */
    static final class Exchange {
        private final HttpExchange http;
        private final JsonNode request;
        private OutputStream out;

        Exchange(HttpExchange http, JsonNode request) {
            this.http = http;
            this.request = request;
        }

        JsonNode request() {
            return request;
        }

        boolean streaming() {
            return request.path("stream").asBoolean(false);
        }

        /** Starts a 200 stream of events. */
        void startStream() throws IOException {
            http.getResponseHeaders().add("Content-Type", "text/event-stream");
            http.sendResponseHeaders(200, 0);
            out = http.getResponseBody();
        }

        /** One chunk carrying {@code piece}, flushed at once. */
        void piece(String piece) throws IOException {
            write(OpenAiWire.event(OpenAiWire.chatCompletionChunk(piece, MODEL)));
        }

        /** The finish reason, the usage and {@code [DONE]}. */
        void finish(long promptTokens, long completionTokens) throws IOException {
            String whole = OpenAiWire.chatCompletionStream(List.of(), MODEL, promptTokens, completionTokens);
            // The role chunk came first already: from the finish-reason chunk on.
            int finish = whole.indexOf("data: ", whole.indexOf("\n\n"));
            write(whole.substring(finish));
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** A whole response with a status and a JSON body. */
        void respond(int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(status, body.length);
            try (OutputStream body2 = http.getResponseBody()) {
                body2.write(body);
            }
        }
    }

    /** The pieces one by one (or joined, for a request that does not stream), then the usage. */
    static Reply answer(List<String> pieces, long promptTokens, long completionTokens) {
        return exchange -> {
            if (!exchange.streaming()) {
                exchange.respond(
                        200, OpenAiWire.chatCompletion(String.join("", pieces), MODEL, promptTokens, completionTokens));
                return;
            }
            exchange.startStream();
            for (String piece : pieces) {
                exchange.piece(piece);
            }
            exchange.finish(promptTokens, completionTokens);
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Boolean> connectionClosed = new CompletableFuture<>();
    private volatile Reply reply = answer(List.of("Fresnel invented it", " in 1822 [1]."), 100, 10);

    StandInOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", http -> {
            try {
                JsonNode request = JSON.readTree(http.getRequestBody().readAllBytes());
                requests.add(request);
                reply.write(new Exchange(http, request));
            } catch (IOException e) {
                // A write failed: the service closed the connection while we were still answering.
                connectionClosed.complete(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                http.close();
            }
        });
        server.setExecutor(handlers);
        server.start();
    }

    /** What {@code OPENAI_BASE_URL} is set to. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void reply(Reply next) {
        reply = next;
    }

    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** Completes (true) when a write of the stand-in failed because the service had closed the connection. */
    CompletableFuture<Boolean> connectionClosed() {
        return connectionClosed;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
