package dev.ragservice.domain.answer;

import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.ratelimit.TokenLimitedChat;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a follow-up question self-contained for retrieval: "when was he born?" after "who invented the Fresnel
 * lens?" finds nothing on its own. With a chat model, one call rewrites it from the conversation (cached, so a
 * conversation that is resent with every turn costs it once); without one, or when that call fails, the previous
 * question of the user joins it, which brings its subject along.
 */
public final class FollowUps {

    private static final System.Logger LOG = System.getLogger(FollowUps.class.getName());

    static final String INSTRUCTIONS = """
            Rewrite the user's last question as one standalone question that can be understood without the \
            conversation: replace pronouns and references with what they refer to. Keep the user's language. \
            Do not answer it. Reply with the question only.""";
    /** A rewritten question is one sentence; this bounds what a confused model can cost. */
    private static final int MAX_TOKENS = 200;

    private final Optional<TokenLimitedChat> chat;
    private final QueryCaches caches;

    /** @param chat empty when no chat model is configured: the previous question joins the follow-up instead */
    public FollowUps(Optional<TokenLimitedChat> chat, QueryCaches caches) {
        this.chat = Objects.requireNonNull(chat, "chat");
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    /** The question to retrieve for: the question itself when the conversation has no earlier user turn. */
    public Question standalone(Question question) {
        List<ChatMessage> asked = question.history().stream()
                .filter(turn -> turn.role() == ChatMessage.Role.USER)
                .toList();
        if (asked.isEmpty()) {
            return question;
        }
        String joined =
                asked.getLast().content().strip() + "\n" + question.text().strip();
        if (chat.isEmpty()) {
            return question.withText(joined);
        }
        TokenLimitedChat model = chat.get();
        String conversation = conversation(question);
        boolean cacheable = question.useCache();
        if (cacheable) {
            Optional<String> cached = caches.condensed(question.namespace(), model.modelId(), conversation);
            if (cached.isPresent()) {
                return question.withText(cached.get());
            }
        }
        String rewritten;
        try {
            rewritten = model.chat(
                            question.context(),
                            new ChatRequest(
                                    List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(conversation)),
                                    MAX_TOKENS,
                                    0))
                    .text()
                    .strip();
        } catch (DependencyException e) {
            LOG.log(System.Logger.Level.WARNING, "chat model failed, joining the previous question: " + e.getMessage());
            return question.withText(joined);
        }
        if (rewritten.isEmpty()) {
            return question.withText(joined);
        }
        if (cacheable) {
            caches.putCondensed(question.namespace(), model.modelId(), conversation, rewritten);
        }
        return question.withText(rewritten);
    }

    private static String conversation(Question question) {
        StringBuilder text = new StringBuilder("Conversation:");
        for (ChatMessage turn : question.history()) {
            if (turn.role() != ChatMessage.Role.SYSTEM) {
                text.append('\n')
                        .append(turn.role() == ChatMessage.Role.USER ? "User: " : "Assistant: ")
                        .append(turn.content().strip());
            }
        }
        return text.append("\n\nLast question: ")
                .append(question.text().strip())
                .toString();
    }
}
