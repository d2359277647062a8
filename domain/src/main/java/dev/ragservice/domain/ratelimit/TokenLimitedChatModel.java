package dev.ragservice.domain.ratelimit;

import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A chat model under the per-client tokens-per-minute limit: before each call it reserves an estimate (the
 * prompt's length in tokens plus the answer's limit), after it settles with the usage the provider reported. A
 * call that fails gives its whole reservation back. Calls made for no client (outside a request) are not
 * limited.
 *
 * <p>It must wrap everything else (retries, circuit breakers, fallbacks): a refusal here is the client's limit,
 * not a failure of the model.
 */
public final class TokenLimitedChatModel implements ChatModel {

    /** English prose averages about four characters per token; the settlement corrects the rest. */
    private static final int CHARS_PER_TOKEN = 4;
    /** Role and separators of each message, in OpenAI's accounting. */
    private static final int TOKENS_PER_MESSAGE = 4;

    private final ChatModel delegate;
    private final RateLimiter limiter;
    private final Supplier<Optional<ClientKey>> currentClient;

    public TokenLimitedChatModel(ChatModel delegate, RateLimiter limiter, Supplier<Optional<ClientKey>> currentClient) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.currentClient = Objects.requireNonNull(currentClient, "currentClient");
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Optional<ClientKey> client = currentClient.get();
        if (client.isEmpty()) {
            return delegate.chat(request);
        }
        TokenReservation reservation = limiter.reserveTokens(client.get(), estimate(request));
        ChatResponse response;
        try {
            response = delegate.chat(request);
        } catch (RuntimeException e) {
            limiter.settle(reservation, 0);
            throw e;
        }
        long used = response.usage().totalTokens();
        // A server that reports no usage leaves the estimate standing rather than making the call free.
        limiter.settle(reservation, used > 0 ? used : reservation.reserved());
        return response;
    }

    /** The most this call can plausibly cost: the prompt, estimated, plus every token the answer may have. */
    public static long estimate(ChatRequest request) {
        long prompt = 0;
        for (ChatMessage message : request.messages()) {
            prompt += Math.ceilDiv(message.content().length(), CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE;
        }
        return prompt + request.maxTokens();
    }
}
