package dev.ragservice.bootstrap.observe;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;

/** Counts every call that reaches the chat model, retries included, and the tokens it reports. */
public final class MeteredChatModel implements ChatModel, AutoCloseable {

    private final ChatModel model;
    private final RagMetrics metrics;

    public MeteredChatModel(ChatModel model, RagMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        ChatResponse response;
        try {
            response = model.chat(request, deadline);
        } catch (RuntimeException e) {
            metrics.llmCall(false);
            throw e;
        }
        metrics.llmCall(true);
        metrics.llmTokens(response.usage().promptTokens(), response.usage().completionTokens());
        return response;
    }

    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
