package dev.ragservice.ports.chat;

import java.util.List;

/** One completion: the conversation so far and the limits of the answer. */
public record ChatRequest(List<ChatMessage> messages, int maxTokens, double temperature) {

    public ChatRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }
}
