package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.fakes.CountingChatModel;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.fakes.ManualClock;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenLimitedChatModelTest {

    private static final ClientKey CLIENT = ClientKey.ofApiKey("sk-client");
    /** 40 characters: 10 tokens, plus 4 for the message, plus 100 for the answer. */
    private static final ChatRequest REQUEST = new ChatRequest(
            List.of(ChatMessage.user("x".repeat(40))), 100, 0.0);

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    /** 1000 tokens a minute. */
    private final RateLimiter limiter = new RateLimiter(store, RateLimitPolicy.of(true,
            RateLimit.Algorithm.SLIDING_WINDOW, 60, 100, Duration.ofMinutes(1), 1000, true), clock,
            RateLimitListener.NONE);

    @Test
    void theEstimateIsThePromptPlusTheAnswersLimit() {
        assertThat(TokenLimitedChatModel.estimate(REQUEST)).isEqualTo(114);
    }

    @Test
    void callsAreSettledWithTheReportedUsageSoUnusedTokensServeLaterCalls() {
        CountingChatModel model = new CountingChatModel(); // reports 338 tokens
        ChatModel limited = new TokenLimitedChatModel(model, limiter, () -> Optional.of(CLIENT));
        ChatRequest large = new ChatRequest(List.of(ChatMessage.user("x")), 600, 0.0);
        limited.chat(large);
        limited.chat(large);
        assertThat(model.requests()).hasSize(2);
        // 676 used; another 605-token estimate no longer fits into 1000
        assertThatThrownBy(() -> limited.chat(large)).isInstanceOf(RateLimitExceededException.class)
                .satisfies(e -> assertThat(((RateLimitExceededException) e).kind()).isEqualTo(LimitKind.TOKENS));
        assertThat(model.requests()).as("a refused call never reaches the model").hasSize(2);

        clock.advance(Duration.ofMinutes(1));
        limited.chat(large);
        assertThat(model.requests()).hasSize(3);
    }

    @Test
    void aFailedCallGivesItsReservationBack() {
        ChatModel failing = new ChatModel() {
            @Override
            public String modelId() {
                return "down";
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                throw new DependencyException("llm", DependencyException.Kind.UNAVAILABLE, "down", null);
            }
        };
        ChatModel limited = new TokenLimitedChatModel(failing, limiter, () -> Optional.of(CLIENT));
        ChatRequest whole = new ChatRequest(List.of(ChatMessage.user("x")), 995, 0.0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> limited.chat(whole)).isInstanceOf(DependencyException.class);
        }
    }

    @Test
    void callsForNoClientAreNotLimited() {
        CountingChatModel model = new CountingChatModel();
        ChatModel limited = new TokenLimitedChatModel(model, limiter, Optional::empty);
        ChatRequest whole = new ChatRequest(List.of(ChatMessage.user("x")), 995, 0.0);
        for (int i = 0; i < 5; i++) {
            limited.chat(whole);
        }
        assertThat(model.requests()).hasSize(5);
        assertThat(limited.modelId()).isEqualTo(model.modelId());
    }
}
