package dev.ragservice.domain.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.domain.TestRequests;
import dev.ragservice.domain.cache.CacheSettings;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.fakes.FailingChatModel;
import dev.ragservice.domain.fakes.InMemoryCache;
import dev.ragservice.domain.fakes.InMemoryRateLimitStore;
import dev.ragservice.domain.fakes.RecordingCacheListener;
import dev.ragservice.domain.ratelimit.RateLimitListener;
import dev.ragservice.domain.ratelimit.RateLimitPolicy;
import dev.ragservice.domain.ratelimit.RateLimiter;
import dev.ragservice.domain.ratelimit.TokenLimitedChat;
import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A follow-up made self-contained for retrieval: rewritten once by the model, or joined to the last question. */
class FollowUpsTest {

    private static final CacheSettings ON =
            new CacheSettings(true, Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(10));

    private final QueryCaches caches = new QueryCaches(new InMemoryCache(), ON, new RecordingCacheListener());

    /** Rewrites every follow-up to the same question, and records what it was asked. */
    private static final class Rewriter implements ChatModel {
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public String modelId() {
            return "rewriter";
        }

        @Override
        public ChatResponse chat(ChatRequest request, Deadline deadline) {
            requests.add(request);
            return new ChatResponse(" Why does sourdough bread rise? ", "rewriter-1", new TokenUsage(30, 7));
        }
    }

    private static Question followUp() {
        return new Question(
                "docs",
                "Why does it rise?",
                3,
                null,
                null,
                true,
                TestRequests.context(),
                List.of(
                        ChatMessage.user("Tell me about sourdough bread."),
                        new ChatMessage(ChatMessage.Role.ASSISTANT, "It is bread made with a starter [1].")),
                Optional.empty());
    }

    private static TokenLimitedChat unlimited(ChatModel model) {
        return new TokenLimitedChat(
                model,
                new RateLimiter(
                        new InMemoryRateLimitStore(),
                        RateLimitPolicy.disabled(),
                        InstantSource.system(),
                        RateLimitListener.NONE));
    }

    @Test
    void aQuestionWithoutEarlierQuestionsIsLeftAsItIs() {
        Question alone = new Question("docs", "Why does bread rise?", 3, null, null, true, TestRequests.context());
        Rewriter model = new Rewriter();

        assertThat(new FollowUps(Optional.of(unlimited(model)), caches).standalone(alone))
                .isSameAs(alone);
        assertThat(model.requests).isEmpty();
    }

    @Test
    void withoutAModelThePreviousQuestionJoinsTheFollowUp() {
        Question standalone = new FollowUps(Optional.empty(), caches).standalone(followUp());

        assertThat(standalone.text()).isEqualTo("Tell me about sourdough bread.\nWhy does it rise?");
        assertThat(standalone.history()).isEqualTo(followUp().history());
    }

    @Test
    void withAModelOneRewriteFromTheWholeConversationIsCachedForTheNextTurn() {
        Rewriter model = new Rewriter();
        FollowUps followUps = new FollowUps(Optional.of(unlimited(model)), caches);

        assertThat(followUps.standalone(followUp()).text()).isEqualTo("Why does sourdough bread rise?");
        assertThat(followUps.standalone(followUp()).text()).isEqualTo("Why does sourdough bread rise?");

        assertThat(model.requests).hasSize(1);
        String asked = model.requests.getFirst().messages().getLast().content();
        assertThat(asked)
                .contains("User: Tell me about sourdough bread.")
                .contains("Assistant: It is bread made with a starter [1].")
                .endsWith("Last question: Why does it rise?");
    }

    @Test
    void aFailingModelFallsBackToJoiningAndNothingIsCached() {
        FailingChatModel failing = new FailingChatModel();
        FollowUps followUps = new FollowUps(Optional.of(unlimited(failing)), caches);

        assertThat(followUps.standalone(followUp()).text())
                .isEqualTo("Tell me about sourdough bread.\nWhy does it rise?");
        followUps.standalone(followUp());
        assertThat(failing.calls()).isEqualTo(2);
    }
}
