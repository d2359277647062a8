package dev.ragservice.bootstrap.http;

import dev.ragservice.ports.Nullable;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@code text/event-stream} response written as its events happen. Nothing is sent until the first event: until
 * then the request can still fail with an ordinary status. From the first event on, the response is committed
 * (200), every event is flushed at once, and a comment line goes out whenever the stream has been silent for the
 * heartbeat interval, so proxies and clients with read timeouts keep waiting for a slow model.
 *
 * <p>Headers for proxies: {@code Cache-Control: no-cache} (nothing between may keep or transform it) and
 * {@code X-Accel-Buffering: no} (nginx, and the ingress controllers built on it, pass it on unbuffered).
 *
 * <p>A write that fails means the client went away: it throws {@link ClientGoneException}, which stops the work
 * behind the stream (the model's request is cancelled when its next piece meets it), and every later write fails
 * the same way.
 */
final class EventStream implements AutoCloseable {

    /** The client went away while its answer was being streamed. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super("the client closed the stream", cause);
        }
    }

    private static final System.Logger LOG = System.getLogger(EventStream.class.getName());
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final ServerResponse response;
    private final Duration heartbeat;
    private @Nullable OutputStream out;
    private @Nullable Thread heartbeats;
    private @Nullable ClientGoneException gone;
    private long lastWrite;
    private boolean closed;

    EventStream(ServerResponse response, Duration heartbeat) {
        this.response = response;
        this.heartbeat = heartbeat;
    }

    /** Whether the response is committed: a failure now can only be told as an event. */
    synchronized boolean started() {
        return out != null;
    }

    /** Whether a write found the client gone. */
    synchronized boolean clientGone() {
        return gone != null;
    }

    /**
     * Sends one event with a JSON {@code data} line ({@code json} holds no line break: JSON escapes them).
     *
     * @throws ClientGoneException when the client went away
     */
    synchronized void send(String event, byte[] json) {
        write(("event: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8), json);
    }

    /**
     * Sends one event of the default type (an unnamed {@code data} line), as OpenAI's streams are written.
     *
     * @throws ClientGoneException when the client went away
     */
    synchronized void sendData(byte[] data) {
        write("data: ".getBytes(StandardCharsets.UTF_8), data);
    }

    private void write(byte[] prefix, byte[] data) {
        if (gone != null) {
            throw gone;
        }
        if (closed) {
            throw new IllegalStateException("the stream is closed");
        }
        OutputStream stream = start();
        try {
            stream.write(prefix);
            stream.write(data);
            stream.write(new byte[] {'\n', '\n'});
            stream.flush();
            lastWrite = System.nanoTime();
        } catch (IOException | UncheckedIOException e) {
            throw clientWentAway(e);
        }
    }

    private OutputStream start() {
        OutputStream stream = out;
        if (stream == null) {
            response.status(200);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            response.header("X-Accel-Buffering", "no");
            stream = response.outputStream();
            out = stream;
            lastWrite = System.nanoTime();
            heartbeats = Thread.ofVirtual().name("event-stream-heartbeat").start(this::beat);
        }
        return stream;
    }

    /** Until the stream closes: a comment whenever it has been silent for the interval. */
    private void beat() {
        try {
            while (true) {
                long wait;
                synchronized (this) {
                    if (closed || gone != null) {
                        return;
                    }
                    long silent = System.nanoTime() - lastWrite;
                    wait = heartbeat.toNanos() - silent;
                    if (wait <= 0) {
                        OutputStream stream = out;
                        if (stream != null) {
                            try {
                                stream.write(HEARTBEAT);
                                stream.flush();
                                lastWrite = System.nanoTime();
                            } catch (IOException | UncheckedIOException e) {
                                clientWentAway(e);
                                return;
                            }
                        }
                        wait = heartbeat.toNanos();
                    }
                }
                Thread.sleep(Duration.ofNanos(wait));
            }
        } catch (InterruptedException e) {
            // Closed: nothing more to keep alive.
        }
    }

    private ClientGoneException clientWentAway(Exception e) {
        if (gone == null) {
            LOG.log(System.Logger.Level.DEBUG, "client went away: " + e);
            gone = new ClientGoneException(e instanceof IOException io ? io : new IOException(e));
        }
        return gone;
    }

    /** Ends the response (a stream never started sends nothing: its request is answered some other way). */
    @Override
    public void close() {
        Thread beating;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            beating = heartbeats;
            OutputStream stream = out;
            if (stream != null && gone == null) {
                try {
                    stream.close();
                } catch (IOException | UncheckedIOException e) {
                    clientWentAway(e);
                }
            }
        }
        if (beating != null) {
            beating.interrupt();
        }
    }
}
