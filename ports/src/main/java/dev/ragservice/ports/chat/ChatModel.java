package dev.ragservice.ports.chat;

/** A language model that completes a conversation. Implementations must be safe for concurrent use. */
public interface ChatModel {

    /** The model's name as the provider knows it (for example {@code gpt-4o-mini}); part of cache keys. */
    String modelId();

    /** @throws dev.ragservice.ports.DependencyException when the provider fails */
    ChatResponse chat(ChatRequest request);
}
