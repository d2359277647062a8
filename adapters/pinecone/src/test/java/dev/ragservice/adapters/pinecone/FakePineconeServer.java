package dev.ragservice.adapters.pinecone;

import com.google.protobuf.Message;
import dev.ragservice.ports.Nullable;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@link FakePinecone} served over real gRPC (HTTP/2, plain text) on a free loopback port, so the adapter is
 * reached exactly as in production: through the provider, {@code PINECONE_HOST} and the client's own Netty
 * channel. Like Pinecone, it refuses a call without the right {@code api-key} header. It records every request as
 * it arrives (refused ones too), with its method and {@code api-key}, for tests that check what was sent.
 */
public final class FakePineconeServer implements AutoCloseable {

    /** One request as it arrived. */
    public record Call(String method, @Nullable String apiKey, Message request) {}

    static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final String apiKey;
    private @Nullable Server server;

    private FakePineconeServer(String apiKey) {
        this.apiKey = apiKey;
    }

    public static FakePineconeServer start(int dimension, String apiKey) {
        FakePineconeServer fake = new FakePineconeServer(apiKey);
        try {
            fake.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(ServerInterceptors.intercept(new FakePinecone(dimension), fake.new KeyCheck()))
                    .build()
                    .start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code PINECONE_HOST}: a loopback address, so the client speaks plain HTTP/2. */
    public String host() {
        return "127.0.0.1:" + running().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The requests of one kind ({@code UpsertRequest}, {@code QueryRequest}...), in the order they arrived. */
    public <T extends Message> List<T> requests(Class<T> type) {
        return calls.stream()
                .map(Call::request)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    @Override
    public void close() {
        try {
            running().shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Server running() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server;
    }

    private final class KeyCheck implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            String method = call.getMethodDescriptor().getBareMethodName();
            String sentKey = headers.get(API_KEY);
            if (!apiKey.equals(sentKey)) {
                call.close(Status.UNAUTHENTICATED.withDescription("Invalid API key"), new Metadata());
                return new ServerCall.Listener<>() {
                    @Override
                    public void onMessage(Q message) {
                        calls.add(new Call(method, sentKey, (Message) message));
                    }
                };
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(call, headers)) {
                @Override
                public void onMessage(Q message) {
                    calls.add(new Call(method, sentKey, (Message) message));
                    super.onMessage(message);
                }
            };
        }
    }
}
