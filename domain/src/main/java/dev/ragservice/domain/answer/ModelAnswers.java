package dev.ragservice.domain.answer;

import dev.ragservice.domain.ratelimit.TokenLimitedChat;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatMessage;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers with a chat model, prompted with the numbered sources, under the asking client's token limit. When the
 * model fails (errors, throttling, timeouts, an open breaker), the answer is made of the sources' own sentences
 * and marked degraded: the sources are already here, and that is more useful than an error.
 */
public final class ModelAnswers implements AnswerWriter {

    private static final System.Logger LOG = System.getLogger(ModelAnswers.class.getName());

    private final TokenLimitedChat chat;
    private final PromptBuilder prompts;
    private final GenerationSettings settings;
    private final ExtractiveAnswerer fallback;

    public ModelAnswers(
            TokenLimitedChat chat, PromptBuilder prompts, GenerationSettings settings, ExtractiveAnswerer fallback) {
        this.chat = Objects.requireNonNull(chat, "chat");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public String modelId() {
        return chat.modelId();
    }

    @Override
    public String settingsKey(Question question) {
        GenerationSettings generation = question.generation().orElse(settings);
        StringBuilder key = new StringBuilder("prompt=")
                .append(PromptBuilder.VERSION)
                .append(";maxTokens=")
                .append(generation.maxTokens())
                .append(";temperature=")
                .append(generation.temperature());
        // The model reads the conversation: the same question after another one may deserve another answer.
        for (ChatMessage turn : question.history()) {
            key.append(';').append(turn.role()).append('=').append(turn.content());
        }
        return key.toString();
    }

    private ChatRequest request(Question question, List<SearchHit> sources) {
        GenerationSettings generation = question.generation().orElse(settings);
        return new ChatRequest(
                prompts.build(question.text(), sources, question.history()),
                generation.maxTokens(),
                generation.temperature());
    }

    /** @throws dev.ragservice.domain.ratelimit.RateLimitExceededException when the client's tokens are spent */
    @Override
    public Answer write(Question question, List<SearchHit> sources) {
        ChatResponse response;
        try {
            response = chat.chat(question.context(), request(question, sources));
        } catch (DependencyException e) {
            LOG.log(System.Logger.Level.WARNING, "chat model failed, answering extractively: " + e.getMessage());
            return Answer.extractive(fallback.answer(question.text(), sources), sources, true);
        }
        return new Answer(response.text(), sources, false, response.modelId(), response.usage(), false);
    }

    /** @throws dev.ragservice.ports.DependencyException when the model fails after its first piece */
    @Override
    public Answer stream(Question question, List<SearchHit> sources, AnswerStream stream) {
        AtomicBoolean admitted = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        ChatResponse response;
        try {
            response = chat.stream(
                    question.context(),
                    request(question, sources),
                    () -> {
                        admitted.set(true);
                        stream.sources(sources);
                    },
                    piece -> {
                        started.set(true);
                        stream.text(piece);
                    });
        } catch (DependencyException e) {
            // After the first piece the client holds part of the model's answer: quoting sentences after it would
            // make a text nobody wrote. Before it (or before admission), the sources' own sentences still help.
            if (started.get()) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "chat model failed, streaming extractively: " + e.getMessage());
            if (!admitted.get()) {
                stream.sources(sources);
            }
            return Answer.extractive(fallback.stream(question.text(), sources, stream), sources, true);
        }
        return new Answer(response.text(), sources, false, response.modelId(), response.usage(), false);
    }
}
