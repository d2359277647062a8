package dev.ragservice.adapters.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Posts JSON to an OpenAI-compatible server and hands the answer's body to a reader as it arrives, over one JDK
 * {@link HttpClient} reused for every call; every failure comes out as a {@link DependencyException}.
 *
 * <ul>
 *   <li>HTTP/1.1: what OpenAI and every compatible server (vLLM, Ollama, llama.cpp) speak, over one code path.</li>
 *   <li>One bound per call, connect to last byte: the earlier of the request's deadline and
 *       {@code OPENAI_TIMEOUT_MS}. The JDK's request timeout covers the answer's head; the body is closed when the
 *       bound passes, because the JDK 21 runtime stops timing at the head (a trickling body, a stream).</li>
 *   <li>No retries of the provider's failures: the service's guard retries. One exception: when the server closed
 *       the connection in order (no reset) before the head of the answer came, the request is sent once more. That is how an
 *       HTTP/1.1 server drops a keep-alive connection it found idle (uvicorn under vLLM, llama.cpp and Node do after
 *       5 s); the JDK takes such connections out of its pool when it sees them close, so this only happens when the
 *       close crosses a request on the wire, but then a POST is not retried by the JDK. Embeddings and chat
 *       completions change nothing on the server, so sending one again is safe (RFC 9110, 9.2.2).</li>
 * </ul>
 */
final class OpenAiApi implements AutoCloseable {

    /** Reads a 2xx answer's body; may throw a {@link DependencyException} for an answer it cannot use. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static final ObjectMapper REQUESTS = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null))
            .build();
    /** Enough of an error body for any provider's message; a proxy's page can be much longer. */
    private static final int ERROR_BODY_BYTES = 16 * 1024;

    private final HttpClient client;
    private final OpenAiSettings settings;
    private final OpenAiExceptionTranslator errors;
    private final String authorization;

    OpenAiApi(OpenAiSettings settings, OpenAiExceptionTranslator errors) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.authorization = "Bearer " + settings.apiKey();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param path   appended to {@code OPENAI_BASE_URL}, such as {@code /embeddings}
     * @param body   a request record, written as JSON with snake_case names and without null fields
     * @param reader reads the body of a 2xx answer; a {@link RuntimeException} it throws propagates as it is, after
     *               the answer is closed (which cancels the exchange)
     */
    <T> T post(String path, Object body, Deadline deadline, BodyReader<T> reader) {
        String operation = "POST " + path;
        Deadline bound = deadline.atMost(settings.timeout());
        HttpRequest request = request(operation, path, json(body), bound);
        HttpResponse<InputStream> response = send(operation, request, bound);
        if (response.statusCode() / 100 != 2) {
            throw errors.httpError(
                    operation,
                    response.statusCode(),
                    response.headers(),
                    read(operation, response.body(), bound, OpenAiApi::errorText));
        }
        return read(operation, response.body(), bound, in -> {
            T result = reader.read(in);
            // To its end, so the connection goes back to the pool instead of being closed.
            in.transferTo(OutputStream.nullOutputStream());
            return result;
        });
    }

    private HttpRequest request(String operation, String path, byte[] json, Deadline bound) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(remaining(bound, operation))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        settings.organization().ifPresent(organization -> request.header("OpenAI-Organization", organization));
        return request.build();
    }

    private HttpResponse<InputStream> send(String operation, HttpRequest request, Deadline bound) {
        try {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (!closedBeforeAnswering(e)) {
                    throw e;
                }
                HttpRequest again = HttpRequest.newBuilder(request, (name, value) -> true)
                        .timeout(remaining(bound, operation))
                        .build();
                return client.send(again, HttpResponse.BodyHandlers.ofInputStream());
            }
        } catch (HttpTimeoutException e) {
            throw errors.timedOut(operation, e);
        } catch (IOException e) {
            throw errors.unavailable(operation, e);
        } catch (InterruptedException e) {
            // The caller stopped waiting (the JDK has cancelled the exchange); it keeps its interrupt.
            Thread.currentThread().interrupt();
            throw errors.timedOut(operation, e);
        }
    }

    /** The server closed the connection in order (no reset, no timeout) before the answer's head was complete. */
    private static boolean closedBeforeAnswering(IOException e) {
        if (e instanceof HttpTimeoutException || e instanceof ConnectException) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /** Reads a body within the bound, then closes it; a body closed before its end cancels the exchange. */
    private <T> T read(String operation, InputStream body, Deadline bound, BodyReader<T> reader) {
        CompletableFuture<Void> watchdog = closeWhenPassed(body, bound);
        try (body) {
            return reader.read(body);
        } catch (IOException e) {
            if (e instanceof HttpTimeoutException || bound.hasPassed()) {
                throw errors.timedOut(operation, e);
            }
            if (e instanceof JsonProcessingException json) {
                throw errors.invalidJson(operation, json);
            }
            throw errors.unavailable(operation, e);
        } finally {
            watchdog.complete(null);
        }
    }

    /**
     * The start of an error answer's body. The status alone decides what the failure is, so a body that cannot be
     * read (cut, or still trickling at the deadline) leaves the message empty rather than hiding the status.
     */
    private static String errorText(InputStream body) {
        try {
            return new String(body.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Closes the body once the bound passes, which ends a read blocked on it; completing the result disarms it. */
    private static CompletableFuture<Void> closeWhenPassed(InputStream body, Deadline bound) {
        CompletableFuture<Void> watchdog = new CompletableFuture<>();
        watchdog.orTimeout(Math.max(0, bound.remaining().toNanos()), TimeUnit.NANOSECONDS)
                .whenComplete((done, timeout) -> {
                    if (timeout != null) {
                        closeQuietly(body);
                    }
                });
        return watchdog;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closing only cancels the exchange; the reader reports what it saw.
        }
    }

    private Duration remaining(Deadline bound, String operation) {
        Duration remaining = bound.remaining();
        if (remaining.isNegative() || remaining.isZero()) {
            throw errors.timedOut(operation, null);
        }
        return remaining;
    }

    private static byte[] json(Object body) {
        try {
            return REQUESTS.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request record could not be written as JSON", e);
        }
    }

    @Override
    public void close() {
        // In-flight calls are abandoned: the service drained its requests before closing its models.
        client.shutdownNow();
    }
}
