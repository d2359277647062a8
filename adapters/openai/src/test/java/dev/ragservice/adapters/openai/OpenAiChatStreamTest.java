package dev.ragservice.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ChatModel.stream} of {@code LLM_PROVIDER=openai}: OpenAI's {@code /v1/chat/completions} with
 * {@code "stream": true} answers {@code text/event-stream}, one chunk per piece of the answer, the usage in a last
 * chunk and {@code data: [DONE]} at the end. WireMock serves whole streams and their faults; a JDK HttpServer
 * writes one slowly, to show that pieces are passed on as they arrive and that a consumer that gives up closes the
 * connection.
 */
class OpenAiChatStreamTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    private static final String MODEL = "gpt-4o-mini-2024-07-18";
    private static final ChatRequest QUESTION =
            new ChatRequest(List.of(ChatMessage.user("Who invented the Fresnel lens?")), 100, 0.3);

    @RegisterExtension
    static final WireMockExtension OPENAI = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final List<String> pieces = new CopyOnWriteArrayList<>();

    @Test
    void asksForAStreamWithUsageAndReassemblesTheAnswerPieceByPiece() {
        serve(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiWire.chatCompletionStream(
                        List.of("Augustin-Jean", " Fresnel", ", in 1822 [1]."), MODEL, 61, 12)));

        ChatResponse response = stream(OpenAiWire.config(OPENAI.baseUrl()));

        assertThat(pieces).containsExactly("Augustin-Jean", " Fresnel", ", in 1822 [1].");
        assertThat(response.text()).isEqualTo("Augustin-Jean Fresnel, in 1822 [1].");
        assertThat(response.modelId()).isEqualTo(MODEL);
        assertThat(response.usage()).isEqualTo(new TokenUsage(61, 12));
        OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Who invented the Fresnel lens?"}],
                 "temperature": 0.3, "max_completion_tokens": 100,
                 "stream": true, "stream_options": {"include_usage": true}}""")));
    }

    @Test
    void aServerThatSendsNoUsageCostsNothingWeKnowOf() {
        serve(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiWire.event(OpenAiWire.chatCompletionChunk("Hello.", "llama3.1"))
                        + OpenAiWire.END_OF_STREAM));

        ChatResponse response = stream(OpenAiWire.config(OPENAI.baseUrl()));

        assertThat(response.text()).isEqualTo("Hello.");
        assertThat(response.modelId()).isEqualTo("llama3.1");
        assertThat(response.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void aRateLimitBeforeTheFirstChunkCarriesRetryAfter() {
        serve(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "7")
                .withBody(OpenAiWire.error("Rate limit reached for requests", "requests", "rate_limit_exceeded")));

        DependencyException e = failure(OpenAiWire.config(OPENAI.baseUrl()));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(pieces).isEmpty();
    }

    @Test
    void anErrorEventMidStreamIsUnavailableAfterThePiecesBeforeIt() {
        serve(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiWire.event(OpenAiWire.chatCompletionChunk("Augustin-Jean", MODEL))
                        + OpenAiWire.event(OpenAiWire.error(
                                "The server had an error while processing your request. " + "Sorry about that!",
                                "server_error",
                                null))));

        DependencyException e = failure(OpenAiWire.config(OPENAI.baseUrl()));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("The server had an error while processing your request");
        assertThat(pieces).containsExactly("Augustin-Jean");
    }

    @Test
    void aStreamThatEndsWithoutDoneIsUnavailable() {
        String whole = OpenAiWire.chatCompletionStream(List.of("Augustin-Jean", " Fresnel"), MODEL, 61, 2);
        serve(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(whole.substring(0, whole.indexOf(OpenAiWire.END_OF_STREAM))));

        DependencyException e = failure(OpenAiWire.config(OPENAI.baseUrl()));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("[DONE]");
        assertThat(pieces).containsExactly("Augustin-Jean", " Fresnel");
    }

    @Test
    void aBrokenStreamIsUnavailable() {
        serve(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        assertThat(failure(OpenAiWire.config(OPENAI.baseUrl())).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void theDeadlineBoundsTheWholeStreamNotOnlyItsStart() {
        serve(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiWire.chatCompletionStream(List.of("a", "b", "c", "d", "e", "f"), MODEL, 61, 6))
                .withChunkedDribbleDelay(20, 4_000));

        DependencyException e = failure(OpenAiWire.config(OPENAI.baseUrl(), "OPENAI_TIMEOUT_MS", "400"));

        assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
    }

    @Test
    void eachPieceReachesTheConsumerBeforeTheServerHasWrittenTheRest() throws Exception {
        CountDownLatch firstPieceArrived = new CountDownLatch(1);
        CompletableFuture<Boolean> serverSawItArrive = new CompletableFuture<>();
        HttpHandler waitingForTheConsumer = exchange -> {
            try (OutputStream out = startStream(exchange)) {
                write(out, OpenAiWire.event(OpenAiWire.chatCompletionChunk("Augustin-Jean", MODEL)));
                serverSawItArrive.complete(firstPieceArrived.await(10, TimeUnit.SECONDS));
                write(out, OpenAiWire.event(OpenAiWire.chatCompletionChunk(" Fresnel", MODEL)));
                write(out, OpenAiWire.END_OF_STREAM);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (SlowServer server = new SlowServer(waitingForTheConsumer);
                OpenAiChatModel model = chatModel(server.config())) {
            ChatResponse response = model.stream(QUESTION, DEADLINE, piece -> {
                pieces.add(piece);
                firstPieceArrived.countDown();
            });

            assertThat(serverSawItArrive.get())
                    .as("the first piece arrived while the server waited")
                    .isTrue();
            assertThat(response.text()).isEqualTo("Augustin-Jean Fresnel");
        }
    }

    @Test
    void aConsumerThatThrowsClosesTheConnectionAndItsExceptionPropagates() throws Exception {
        CompletableFuture<Boolean> connectionClosed = new CompletableFuture<>();
        HttpHandler writingUntilTheConnectionCloses = exchange -> {
            OutputStream out = startStream(exchange);
            try {
                for (int piece = 0; piece < 1_000; piece++) {
                    write(out, OpenAiWire.event(OpenAiWire.chatCompletionChunk("piece " + piece, MODEL)));
                    Thread.sleep(10);
                }
                connectionClosed.complete(false);
            } catch (IOException e) {
                connectionClosed.complete(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (SlowServer server = new SlowServer(writingUntilTheConnectionCloses);
                OpenAiChatModel model = chatModel(server.config())) {
            IllegalStateException clientGone = new IllegalStateException("the client went away");

            Throwable thrown = catchThrowable(() -> model.stream(QUESTION, DEADLINE, piece -> {
                throw clientGone;
            }));

            assertThat(thrown).isSameAs(clientGone);
            assertThat(connectionClosed.get(20, TimeUnit.SECONDS))
                    .as("the server's write failed")
                    .isTrue();
        }
    }

    private ChatResponse stream(PluginConfig config) {
        try (OpenAiChatModel model = chatModel(config)) {
            return model.stream(QUESTION, DEADLINE, pieces::add);
        }
    }

    private DependencyException failure(PluginConfig config) {
        Throwable thrown = catchThrowable(() -> stream(config));
        assertThat(thrown).isInstanceOf(DependencyException.class);
        return (DependencyException) thrown;
    }

    private static OpenAiChatModel chatModel(PluginConfig config) {
        return (OpenAiChatModel) new OpenAiChatModelProvider().create(config);
    }

    private static void serve(ResponseDefinitionBuilder response) {
        OPENAI.stubFor(post("/v1/chat/completions").willReturn(response));
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A JDK HttpServer on loopback that answers chat completions with a handler that writes at its own pace. */
    private static final class SlowServer implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

        SlowServer(HttpHandler handler) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/chat/completions", handler);
            server.setExecutor(handlers);
            server.start();
        }

        PluginConfig config() {
            return OpenAiWire.config("http://127.0.0.1:" + server.getAddress().getPort(), "OPENAI_TIMEOUT_MS", "30000");
        }

        @Override
        public void close() {
            server.stop(0);
            handlers.shutdownNow();
        }
    }
}
