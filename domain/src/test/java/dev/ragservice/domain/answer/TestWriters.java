package dev.ragservice.domain.answer;

import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.ratelimit.RateLimitListener;
import dev.ragservice.domain.ratelimit.RateLimitPolicy;
import dev.ragservice.domain.ratelimit.RateLimiter;
import dev.ragservice.domain.ratelimit.TokenLimitedChat;
import dev.ragservice.ports.chat.ChatModel;
import java.time.InstantSource;

/** The answer writer bootstrap chooses: the chat model when there is one (token limits off), else extractive. */
final class TestWriters {

    private TestWriters() {}

    static AnswerWriter of(ChatModel chatModel, GenerationSettings generation) {
        if (chatModel == null) {
            return new ExtractiveAnswers(new ExtractiveAnswerer());
        }
        RateLimiter unlimited = new RateLimiter(
                new InMemoryRateLimitStore(),
                RateLimitPolicy.disabled(),
                InstantSource.system(),
                RateLimitListener.NONE);
        return new ModelAnswers(
                new TokenLimitedChat(chatModel, unlimited), new PromptBuilder(), generation, new ExtractiveAnswerer());
    }
}
