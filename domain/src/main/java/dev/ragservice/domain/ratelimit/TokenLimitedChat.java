package dev.ragservice.domain.ratelimit;

import dev.ragservice.domain.RequestContext;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import java.util.Objects;
import java.util.function.Consumer;

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

    /**
     * The same, streamed: {@code admitted} runs once the tokens are reserved and before the model is asked, then
     * {@code text} gets the answer piece by piece. A stream that breaks after some text (the provider failed, or
     * the client went away and the call was cancelled) has cost what the provider wrote: the prompt and the text
     * so far are settled, estimated, since no usage comes with a broken stream.
     *
     * @throws RateLimitExceededException       when the client's tokens for this minute are spent
     * @throws dev.ragservice.ports.DependencyException when the model fails
     */
    public ChatResponse stream(RequestContext context, ChatRequest request, Runnable admitted, Consumer<String> text) {
        TokenReservation reservation = limiter.reserveTokens(context.caller(), estimate(request));
        long[] written = {0};
        ChatResponse response;
        try {
            admitted.run();
            response = model.stream(request, context.deadline(), piece -> {
                written[0] += piece.length();
                text.accept(piece);
            });
        } catch (RuntimeException e) {
            limiter.settle(
                    reservation,
                    written[0] == 0 ? 0 : promptEstimate(request) + Math.ceilDiv(written[0], CHARS_PER_TOKEN));
            throw e;
        }
        long used = response.usage().totalTokens();
        limiter.settle(reservation, used > 0 ? used : reservation.reserved());
        return response;
    }

    /** The most this call can plausibly cost: the prompt, estimated, plus every token the answer may have. */
    public static long estimate(ChatRequest request) {
        return promptEstimate(request) + request.maxTokens();
    }

    private static long promptEstimate(ChatRequest request) {
        long prompt = 0;
        for (ChatMessage message : request.messages()) {
            prompt += Math.ceilDiv(message.content().length(), CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE;
        }
        return prompt;
    }
}
