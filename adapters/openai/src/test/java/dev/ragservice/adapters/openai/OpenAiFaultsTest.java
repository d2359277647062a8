package dev.ragservice.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every failure OpenAI (or the network) produces comes out of both models as a {@link DependencyException} of
 * the right kind, after exactly one attempt: retrying belongs to the service, not to the adapter.
 */
class OpenAiFaultsTest {

    /** Far beyond any call here: these tests check what the adapter does, not how fast. */
    private static final Deadline DEADLINE = Deadline.after(Duration.ofHours(1));

    /** Well below the slow answers below, well above a healthy loopback round trip. */
    private static final int DEADLINE_MS = 400;

    @RegisterExtension
    static final WireMockExtension OPENAI = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** The two calls the adapter makes, run through the providers as the service would. */
    enum Endpoint {
        EMBEDDINGS("/v1/embeddings") {
            @Override
            void call(PluginConfig config, Deadline deadline) {
                try (OpenAiEmbeddingModel model =
                        (OpenAiEmbeddingModel) new OpenAiEmbeddingModelProvider().create(config)) {
                    model.embedAll(List.of("a chunk", "another chunk"), deadline);
                }
            }
        },
        CHAT("/v1/chat/completions") {
            @Override
            void call(PluginConfig config, Deadline deadline) {
                try (OpenAiChatModel model = (OpenAiChatModel) new OpenAiChatModelProvider().create(config)) {
                    model.chat(
                            new ChatRequest(List.of(ChatMessage.user("Who invented the lens?")), 100, 0.3), deadline);
                }
            }
        };

        final String path;

        Endpoint(String path) {
            this.path = path;
        }

        abstract void call(PluginConfig config, Deadline deadline);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRefusedKeyIsUnauthorizedAndItsEchoNeverReachesTheMessage(Endpoint endpoint) {
        // A compatible server may quote the key it refused in full; OpenAI quotes it masked.
        serve(
                endpoint,
                error(
                        401,
                        "Incorrect API key provided: " + OpenAiWire.API_KEY + ". You can find your "
                                + "API key at https://platform.openai.com/account/api-keys.",
                        "invalid_request_error",
                        "invalid_api_key"));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.dependency()).isEqualTo("openai");
        assertThat(e.getMessage()).contains("401", "invalid_api_key", "Incorrect API key provided");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(OpenAiWire.API_KEY, "4f1c9b2e7d8a0c3b5e6f");
        }
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aForbiddenProjectIsUnauthorized(Endpoint endpoint) {
        serve(
                endpoint,
                error(
                        403,
                        "Project `proj_abc` does not have access to model `gpt-4o-mini`",
                        "invalid_request_error",
                        "model_not_found"));

        assertThat(failure(endpoint).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRateLimitCarriesRetryAfterInSeconds(Endpoint endpoint) {
        serve(
                endpoint,
                error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded")
                        .withHeader("Retry-After", "7")
                        .withHeader("x-ratelimit-limit-requests", "500")
                        .withHeader("x-ratelimit-remaining-requests", "0"));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.kind().isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("429", "Rate limit reached for requests");
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRateLimitCarriesRetryAfterGivenAsAnHttpDate(Endpoint endpoint) {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120);
        serve(
                endpoint,
                error(429, "Rate limit reached", "tokens", "rate_limit_exceeded")
                        .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(at)));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        // The date has whole seconds and the clock moved on while the request ran.
        assertThat(e.retryAfter())
                .hasValueSatisfying(wait -> assertThat(wait.toMillis()).isCloseTo(120_000L, within(5_000L)));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void openAisRetryAfterMsWinsOverRetryAfter(Endpoint endpoint) {
        serve(
                endpoint,
                error(429, "Rate limit reached", "tokens", "rate_limit_exceeded")
                        .withHeader("retry-after-ms", "1500")
                        .withHeader("Retry-After", "2"));

        assertThat(failure(endpoint).retryAfter()).contains(Duration.ofMillis(1500));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anExhaustedQuotaIsNotARateLimitBecauseWaitingCannotHelp(Endpoint endpoint) {
        serve(
                endpoint,
                error(
                        429,
                        "You exceeded your current quota, please check your plan and billing details.",
                        "insufficient_quota",
                        "insufficient_quota"));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("exceeded your current quota");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aServerErrorIsUnavailableAfterOneAttempt(Endpoint endpoint) {
        serve(
                endpoint,
                error(
                        500,
                        "The server had an error while processing your request. Sorry about that!",
                        "server_error",
                        null));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("500", "The server had an error");
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anOverloadedServerWithAnHtmlPageIsUnavailable(Endpoint endpoint) {
        serve(
                endpoint,
                aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"));

        assertThat(failure(endpoint).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aBadRequestIsRejectedWithTheProvidersMessage(Endpoint endpoint) {
        serve(
                endpoint,
                error(
                        400,
                        "This model's maximum context length is 8192 tokens, however you requested "
                                + "9000 tokens. Please reduce your prompt.",
                        "invalid_request_error",
                        "context_length_exceeded"));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.kind().isTransient()).isFalse();
        assertThat(e.getMessage())
                .contains("400", "context_length_exceeded", "This model's maximum context length is 8192 tokens");
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anUnknownModelIsRejected(Endpoint endpoint) {
        serve(
                endpoint,
                error(
                        404,
                        "The model `gpt-5-nano-typo` does not exist or you do not have access to it.",
                        "invalid_request_error",
                        "model_not_found"));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.getMessage()).contains("404", "gpt-5-nano-typo");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anUnprocessableRequestIsRejected(Endpoint endpoint) {
        serve(
                endpoint,
                aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\":[{\"loc\":[\"body\",\"input\"],\"msg\":\"field required\"}]}"));

        assertThat(failure(endpoint).kind()).isEqualTo(Kind.REJECTED);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anAnswerSlowerThanTheDeadlineTimesOut(Endpoint endpoint) {
        serve(endpoint, aResponse().withStatus(200).withFixedDelay(DEADLINE_MS * 5));

        long started = System.nanoTime();
        DependencyException e = failure(endpoint);
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
        assertThat(tookMs).isLessThan(DEADLINE_MS * 4L);
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void theRequestsDeadlineBoundsTheCallWhenItComesBeforeTheTimeout(Endpoint endpoint) {
        // Answered in time for OPENAI_TIMEOUT_MS, so only the request's own deadline can end the call early.
        serve(endpoint, aResponse().withStatus(200).withFixedDelay(DEADLINE_MS * 5));
        PluginConfig config = OpenAiWire.config(OPENAI.baseUrl(), "OPENAI_TIMEOUT_MS", "60000");

        DependencyException e = failure(() -> endpoint.call(config, Deadline.after(Duration.ofMillis(DEADLINE_MS))));

        assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aDeadlineAlreadyPassedSendsNothing(Endpoint endpoint) {
        serve(endpoint, aResponse().withStatus(200));
        PluginConfig config = OpenAiWire.config(OPENAI.baseUrl());

        DependencyException e = failure(() -> endpoint.call(config, Deadline.after(Duration.ZERO)));

        assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
        OPENAI.verify(0, postRequestedFor(urlEqualTo(endpoint.path)));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aBodyThatTricklesInPastTheDeadlineTimesOut(Endpoint endpoint) {
        serve(
                endpoint,
                aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.chatCompletion("slow", "gpt-4o-mini", 1, 1))
                        .withChunkedDribbleDelay(20, DEADLINE_MS * 5));

        assertThat(failure(endpoint).kind()).isEqualTo(Kind.TIMED_OUT);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aResetConnectionIsUnavailableAfterOneAttempt(Endpoint endpoint) {
        serve(endpoint, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getCause()).isNotNull();
        assertOneAttempt(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aResponseBrokenMidBodyIsUnavailable(Endpoint endpoint) {
        serve(endpoint, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        assertThat(failure(endpoint).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anEmptyResponseIsUnavailable(Endpoint endpoint) {
        serve(endpoint, aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(failure(endpoint).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aTruncatedJsonBodyIsUnavailable(Endpoint endpoint) {
        String whole = endpoint == Endpoint.CHAT
                ? OpenAiWire.chatCompletion("An answer cut short", "gpt-4o-mini", 10, 5)
                : "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}]}";
        serve(
                endpoint,
                aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(whole.substring(0, whole.length() / 2)));

        DependencyException e = failure(endpoint);

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("not valid");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRefusedConnectionIsUnavailable(Endpoint endpoint) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DependencyException e = failure(() -> endpoint.call(
                OpenAiWire.config("http://127.0.0.1:" + closedPort, "OPENAI_TIMEOUT_MS", "" + DEADLINE_MS), DEADLINE));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("ConnectException");
    }

    private static ResponseDefinitionBuilder error(int status, String message, String type, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_0f3c2a")
                .withBody(OpenAiWire.error(message, type, code));
    }

    private static void serve(Endpoint endpoint, ResponseDefinitionBuilder response) {
        OPENAI.stubFor(post(endpoint.path).willReturn(response));
    }

    private static DependencyException failure(Endpoint endpoint) {
        PluginConfig config = OpenAiWire.config(
                OPENAI.baseUrl(), "OPENAI_TIMEOUT_MS", "" + DEADLINE_MS, "EMBEDDING_MODEL", "text-embedding-3-small");
        return failure(() -> endpoint.call(config, DEADLINE));
    }

    private static DependencyException failure(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(DependencyException.class);
        return (DependencyException) thrown;
    }

    private static void assertOneAttempt(Endpoint endpoint) {
        OPENAI.verify(1, postRequestedFor(urlEqualTo(endpoint.path)));
    }
}
