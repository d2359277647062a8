package dev.ragservice.bootstrap.resilience;

import dev.ragservice.ports.Deadline;
import dev.ragservice.ports.chat.ChatModel;
import dev.ragservice.ports.chat.ChatRequest;
import dev.ragservice.ports.chat.ChatResponse;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A chat model whose calls go through a {@link Guard}; a completion has no side effect, so it may be repeated. A
 * stream may be repeated only until its first piece went out: after that, a second attempt would send the client
 * the beginning of an answer twice.
 */
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

    @Override
    public ChatResponse stream(ChatRequest request, Deadline deadline, Consumer<String> text) {
        Relay relay = new Relay(text);
        try {
            return guard.call(deadline, () -> model.stream(request, deadline, relay), relay::nothingSent);
        } finally {
            relay.close();
        }
    }

    /**
     * Passes pieces on until the guard has returned. The guard's timeout stops waiting for a call without stopping
     * it; a piece that arrives after that must not reach the client (who has had the failure already), and the
     * exception it gets instead makes the adapter cancel its request.
     */
    private static final class Relay implements Consumer<String> {

        private final Consumer<String> text;
        private boolean sent;
        private boolean closed;

        Relay(Consumer<String> text) {
            this.text = text;
        }

        @Override
        public synchronized void accept(String piece) {
            if (closed) {
                throw new CancellationException("the stream's caller stopped waiting");
            }
            sent = true;
            text.accept(piece);
        }

        synchronized boolean nothingSent() {
            return !sent;
        }

        synchronized void close() {
            closed = true;
        }
    }
}
