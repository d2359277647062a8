package dev.ragservice.adapters.openai;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a raw socket on loopback, for what WireMock cannot do on purpose: it answers every request
 * with one JSON body over keep-alive connections, except the second request on the first connection, which it
 * treats as {@link SecondRequest} says. Dropping that request without a byte of answer is what a client sees when a
 * server's idle timeout closes a pooled connection just as the client sends on it.
 */
final class KeepAliveServer implements AutoCloseable {

    enum SecondRequest {
        /** Closes the connection in order (FIN) without answering. */
        CLOSE_UNANSWERED,
        /** Sends the head of the answer and half of its body, then closes the connection. */
        CLOSE_MIDWAY
    }

    private final ServerSocket socket;
    private final byte[] body;
    private final SecondRequest second;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Queue<Socket> open = new ConcurrentLinkedQueue<>();
    private final Thread acceptor;

    KeepAliveServer(String json, SecondRequest second) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.body = json.getBytes(StandardCharsets.UTF_8);
        this.second = second;
        this.acceptor = Thread.ofPlatform().daemon().name("keep-alive-server").start(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Requests read in full, answered or not. */
    int requests() {
        return requests.get();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                open.add(connection);
                int number = connections.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> serve(connection, number == 1));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection, boolean first) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            for (int onThisConnection = 1; readRequest(in); onThisConnection++) {
                requests.incrementAndGet();
                if (first && onThisConnection == 2) {
                    if (second == SecondRequest.CLOSE_MIDWAY) {
                        out.write(head());
                        out.write(body, 0, body.length / 2);
                        out.flush();
                    }
                    return;
                }
                out.write(head());
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private byte[] head() {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one request, head and body (by Content-Length); false when the client closed the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        int contentLength = 0;
        String line = readLine(in);
        if (line == null) {
            return false;
        }
        while (!(line = readLine(in)).isEmpty()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(
                        lower.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(contentLength);
        return true;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                return line.toString().strip();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
