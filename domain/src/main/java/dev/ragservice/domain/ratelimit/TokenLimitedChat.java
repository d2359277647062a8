package dev.ragservice.domain.ratelimit;

import dev.ragservice.domain.RequestContext;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import java.util.Objects;

/**
 * A chat model under the caller's token limits (per minute, and per day for keys with a budget): before each call
 * it reserves an estimate (the prompt's length in tokens plus the answer's limit), after it settles with the usage
 * the provider reported. A call that fails gives its whole reservation back. Work the service does for itself is
 * not limited.
 *
 * <p>It is the outermost layer around the model, outside retries, circuit breakers and fallbacks: a refusal here
 * is the client's limit, not a failure of the model.
 */
public final class TokenLimitedChat {

    /** English prose averages about four characters per token; the settlement corrects the rest. */
    private static final int CHARS_PER_TOKEN = 4;
    /** Role and separators of each message, in OpenAI's accounting. */
    private static final int TOKENS_PER_MESSAGE = 4;

    private final ChatModel model;
    private final RateLimiter limiter;

    public TokenLimitedChat(ChatModel model, RateLimiter limiter) {
        this.model = Objects.requireNonNull(model, "model");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    public String modelId() {
        return model.modelId();
    }

    /**
     * @throws RateLimitExceededException       when the client's tokens for this minute are spent
     * @throws dev.ragservice.ports.DependencyException when the model fails
     */
    public ChatResponse chat(RequestContext context, ChatRequest request) {
        TokenReservation reservation = limiter.reserveTokens(context.caller(), estimate(request));
        ChatResponse response;
        try {
            response = model.chat(request, context.deadline());
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
