package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times every call that reaches the chat model ({@code rag_llm_operation_seconds}), retries included, and counts
 * the calls by outcome and the tokens the provider reports ({@code rag_llm_calls_total}, {@code rag_llm_tokens_total}),
 * and how long streams take to start ({@code rag_llm_time_to_first_token_seconds}).
 */
public final class MeteredChatModel implements ChatModel {

    private final ChatModel model;
    private final RagMetrics metrics;
    private final OperationTimer timer;

    public MeteredChatModel(ChatModel model, RagMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
        this.timer = metrics.llmOperations();
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        return counted(() -> timer.time("chat", () -> model.chat(request, deadline)));
    }

    /** Also times the wait for the first piece ({@code rag_llm_time_to_first_token_seconds}). */
    @Override
    public ChatResponse stream(ChatRequest request, Deadline deadline, Consumer<String> text) {
        long started = System.nanoTime();
        AtomicBoolean first = new AtomicBoolean(true);
        Consumer<String> timed = piece -> {
            if (first.getAndSet(false)) {
                metrics.llmFirstToken(Duration.ofNanos(System.nanoTime() - started));
            }
            text.accept(piece);
        };
        return counted(() -> timer.time("stream", () -> model.stream(request, deadline, timed)));
    }

    private ChatResponse counted(Supplier<ChatResponse> call) {
        ChatResponse response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            metrics.llmCall(false);
            throw e;
        }
        metrics.llmCall(true);
        metrics.llmTokens(response.usage().promptTokens(), response.usage().completionTokens());
        return response;
    }
}
