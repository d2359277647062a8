package dev.ragservice.domain.fakes;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import dev.ragservice.ports.chat.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A chat model that answers with a fixed text and usage, and records every request. */
public final class CountingChatModel implements ChatModel {

    public static final String REPLY = "Retrieval-augmented generation grounds answers in documents [1].";
    public static final TokenUsage USAGE = new TokenUsage(321, 17);

    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public String modelId() {
        return "fake-chat-1";
    }

    @Override
    public ChatResponse chat(ChatRequest request, Deadline deadline) {
        requests.add(request);
        return new ChatResponse(REPLY, "fake-chat-1-2025", USAGE);
    }

    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }
}
