package dev.ragservice.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.RequestContext;
import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.fakes.CountingChatModel;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.fakes.ManualClock;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLimitedChatTest {

    private static final ClientKey CLIENT = ClientKey.ofApiKey("sk-client");
    /** 40 characters: 10 tokens, plus 4 for the message, plus 100 for the answer. */
    private static final ChatRequest REQUEST = new ChatRequest(List.of(ChatMessage.user("x".repeat(40))), 100, 0.0);

    private static final RequestContext FOR_CLIENT =
            new RequestContext(Caller.anonymous(CLIENT), Deadline.after(Duration.ofMinutes(5)));

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    /** 1000 tokens a minute. */
    private final RateLimiter limiter = new RateLimiter(
            store,
            new RateLimitPolicy(true, RateLimit.Algorithm.SLIDING_WINDOW, 60, 100, Duration.ofMinutes(1), 1000, true),
            clock,
            RateLimitListener.NONE);

    @Test
    void theEstimateIsThePromptPlusTheAnswersLimit() {
        assertThat(TokenLimitedChat.estimate(REQUEST)).isEqualTo(114);
    }

    @Test
    void callsAreSettledWithTheReportedUsageSoUnusedTokensServeLaterCalls() {
        CountingChatModel model = new CountingChatModel(); // reports 338 tokens
        TokenLimitedChat limited = new TokenLimitedChat(model, limiter);
        ChatRequest large = new ChatRequest(List.of(ChatMessage.user("x")), 600, 0.0);
        limited.chat(FOR_CLIENT, large);
        limited.chat(FOR_CLIENT, large);
        assertThat(model.requests()).hasSize(2);
        // 676 used; another 605-token estimate no longer fits into 1000
        assertThatThrownBy(() -> limited.chat(FOR_CLIENT, large))
                .isInstanceOf(RateLimitExceededException.class)
                .satisfies(
                        e -> assertThat(((RateLimitExceededException) e).kind()).isEqualTo(LimitKind.TOKENS));
        assertThat(model.requests())
                .as("a refused call never reaches the model")
                .hasSize(2);

        clock.advance(Duration.ofMinutes(1));
        limited.chat(FOR_CLIENT, large);
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
            public ChatResponse chat(ChatRequest request, Deadline deadline) {
                throw new DependencyException("llm", DependencyException.Kind.UNAVAILABLE, "down", null);
            }
        };
        TokenLimitedChat limited = new TokenLimitedChat(failing, limiter);
        ChatRequest whole = new ChatRequest(List.of(ChatMessage.user("x")), 995, 0.0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> limited.chat(FOR_CLIENT, whole)).isInstanceOf(DependencyException.class);
        }
    }

    @Test
    void aStreamBrokenAfterSomeTextCostsThePromptAndTheTextSoFar() {
        // 400 characters of answer: 100 tokens, plus the 14-token prompt.
        ChatModel breaking = new ChatModel() {
            @Override
            public String modelId() {
                return "breaking";
            }

            @Override
            public ChatResponse chat(ChatRequest request, Deadline deadline) {
                throw new UnsupportedOperationException("streams only");
            }

            @Override
            public ChatResponse stream(
                    ChatRequest request, Deadline deadline, java.util.function.Consumer<String> text) {
                text.accept("y".repeat(400));
                throw new DependencyException("llm", DependencyException.Kind.UNAVAILABLE, "cut", null);
            }
        };
        TokenLimitedChat limited = new TokenLimitedChat(breaking, limiter);
        ChatRequest small = new ChatRequest(List.of(ChatMessage.user("x".repeat(40))), 100, 0.0);
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> limited.stream(FOR_CLIENT, small, () -> {}, piece -> {}))
                    .isInstanceOf(DependencyException.class);
        }
        // 8 x 114 = 912 of 1000 spent: the next 114-token estimate no longer fits.
        assertThatThrownBy(() -> limited.stream(FOR_CLIENT, small, () -> {}, piece -> {}))
                .isInstanceOf(RateLimitExceededException.class);
    }

    @Test
    void aStreamIsAdmittedOnlyOnceItsTokensAreReserved() {
        CountingChatModel model = new CountingChatModel(); // reports 338 tokens
        TokenLimitedChat limited = new TokenLimitedChat(model, limiter);
        ChatRequest large = new ChatRequest(List.of(ChatMessage.user("x")), 600, 0.0);
        List<String> pieces = new java.util.ArrayList<>();
        int[] admitted = {0};
        limited.stream(FOR_CLIENT, large, () -> admitted[0]++, pieces::add);
        limited.stream(FOR_CLIENT, large, () -> admitted[0]++, pieces::add);
        assertThat(admitted[0]).isEqualTo(2);
        assertThat(pieces).containsExactly(CountingChatModel.REPLY, CountingChatModel.REPLY);

        // 676 used; another 605-token estimate no longer fits into 1000
        assertThatThrownBy(() -> limited.stream(FOR_CLIENT, large, () -> admitted[0]++, pieces::add))
                .isInstanceOf(RateLimitExceededException.class);
        assertThat(admitted[0]).isEqualTo(2);
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void callsForNoClientAreNotLimited() {
        CountingChatModel model = new CountingChatModel();
        TokenLimitedChat limited = new TokenLimitedChat(model, limiter);
        ChatRequest whole = new ChatRequest(List.of(ChatMessage.user("x")), 995, 0.0);
        for (int i = 0; i < 5; i++) {
            limited.chat(TestRequests.context(), whole);
        }
        assertThat(model.requests()).hasSize(5);
        assertThat(limited.modelId()).isEqualTo(model.modelId());
    }
}
