package dev.ragservice.adapters.pinecone;

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
import java.util.concurrent.TimeUnit;

/**
 * {@link FakePinecone} served over real gRPC (HTTP/2, plain text) on a free loopback port, so the adapter is
 * reached exactly as in production: through the provider, {@code PINECONE_HOST} and the client's own Netty
 * channel. Like Pinecone, it refuses a call without the right {@code api-key} header.
 */
public final class FakePineconeServer implements AutoCloseable {

    static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;

    private FakePineconeServer(Server server) {
        this.server = server;
    }

    public static FakePineconeServer start(int dimension, String apiKey) {
        ServerInterceptor keyCheck = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                if (!apiKey.equals(headers.get(API_KEY))) {
                    call.close(Status.UNAUTHENTICATED.withDescription("Invalid API key"), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return next.startCall(call, headers);
            }
        };
        try {
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(ServerInterceptors.intercept(new FakePinecone(dimension), keyCheck))
                    .build()
                    .start();
            return new FakePineconeServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code PINECONE_HOST}. */
    public String host() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
