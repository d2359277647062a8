package dev.ragservice.domain.fakes;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** A chat model whose provider is down: every call fails the way adapters report it, and is counted. */
public final class FailingChatModel implements ChatModel {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public String modelId() {
        return "fake-chat-1";
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        calls.incrementAndGet();
        throw new DependencyException("fake-chat", DependencyException.Kind.UNAVAILABLE, "HTTP 503", null);
    }

    public int calls() {
        return calls.get();
    }
}
