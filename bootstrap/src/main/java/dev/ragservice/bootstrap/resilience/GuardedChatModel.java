package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;

/** A chat model whose calls go through a {@link Guard}; a completion has no side effect, so it may be repeated. */
public final class GuardedChatModel implements ChatModel {

    private final ChatModel model;
    private final Guard guard;

    public GuardedChatModel(ChatModel model, Guard guard) {
        this.model = model;
        this.guard = guard;
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        return guard.call(deadline, () -> model.chat(request, deadline), true);
    }
}
