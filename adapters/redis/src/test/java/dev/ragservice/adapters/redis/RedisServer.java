package dev.ragservice.adapters.redis;

import dev.ragservice.ports.plugin.PluginConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A private redis-server on a free loopback port, for one test class: never the shared one on 6379, and
 * nothing persisted. Published in this module's test jar, so service-level tests use the same one. It can be stopped, restarted on the same port, and frozen (SIGSTOP) to act as a server
 * that accepts connections but never answers.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisServer(int port, List<String> extraArgs, Path dir) {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = dir;
    }

    public static RedisServer start(String... extraArgs) {
        try {
            RedisServer server =
                    new RedisServer(freePort(), List.of(extraArgs), Files.createTempDirectory("redis-test"));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A cache on this server; settings come as name/value pairs after REDIS_URL. */
    RedisCache cache(String... settings) {
        return (RedisCache) new RedisCacheProvider().create(config(settings));
    }

    /** A cache whose counter copies age by the given clock (nanoseconds), so a test can step past their trust. */
    RedisCache cache(LongSupplier nanoTime, String... settings) {
        RedisSettings parsed = RedisSettings.from(config(settings));
        return new RedisCache(RedisClients.create(parsed), parsed, nanoTime);
    }

    private PluginConfig config(String... settings) {
        Map<String, String> map = new HashMap<>();
        map.put("REDIS_URL", url());
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return PluginConfig.of(map);
    }

    /** One command over a raw socket, bypassing the adapter; returns the first line of the reply. */
    String command(String... args) {
        StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) {
            request.append('$')
                    .append(arg.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(arg)
                    .append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many client connections the server holds, the asking one included. */
    int connectedClients() {
        return (int) infoField("clients", "connected_clients");
    }

    /** A number from {@code INFO section}, e.g. {@code infoField("commandstats", "cmdstat_evalsha")} gives calls. */
    long infoField(String section, String field) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String header = reader.readLine();
            int length = Integer.parseInt(header.substring(1));
            char[] body = new char[length];
            for (int read = 0; read < length; ) {
                read += reader.read(body, read, length - read);
            }
            for (String line : new String(body).split("\r\n")) {
                if (line.startsWith(field + ":")) {
                    // "connected_clients:3", or "cmdstat_get:calls=12,usec=..." for command statistics
                    String value = line.substring(field.length() + 1);
                    return Long.parseLong(
                            value.startsWith("calls=")
                                    ? value.substring("calls=".length(), value.indexOf(','))
                                    : value.trim());
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            thaw();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public void restart() {
        stop();
        launch();
    }

    /** The process stays, its socket keeps accepting connections into the backlog, but nothing answers. */
    public void freeze() {
        signal("-STOP");
    }

    public void thaw() {
        signal("-CONT");
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        awaitPing();
    }

    private void awaitPing() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(500);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                // -NOAUTH is an answer too: the server is up and asks for the password.
                if (reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + ": " + log());
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid()))
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
