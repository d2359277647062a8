package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.adapters.redis.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh random key per request used to buy a fresh rate-limit bucket. With access control on, 10,000 requests
 * with random keys are all refused with 401, and the limiter's store is never asked: no call reaches it (its
 * metric stays where it was), and Redis holds no new key.
 */
class UnknownKeysTest {

    private static final int REQUESTS = 10_000;
    private static final Pattern STORE_CALLS =
            Pattern.compile("(?m)^rag_rate_limit_store_operation_seconds_count\\{[^}]*} ([0-9.eE+]+)$");

    @TempDir
    Path dataDir;

    @TempDir
    Path keysDir;

    @Test
    void randomKeysAreRefusedWithoutCreatingLimiterStateInMemory() {
        try (RagServer server = TestServers.start(dataDir, "API_KEYS_FILE", keys().toString())) {
            assertUnknownKeysLeaveNoState(new TestClient(server.port()), () -> 0L);
        }
    }

    @Test
    void randomKeysAreRefusedWithoutCreatingLimiterStateInRedis() {
        try (RedisServer redis = RedisServer.start();
                RagServer server = TestServers.start(
                        dataDir,
                        "API_KEYS_FILE",
                        keys().toString(),
                        "CACHE_BACKEND",
                        "redis",
                        "REDIS_URL",
                        redis.url())) {
            assertUnknownKeysLeaveNoState(new TestClient(server.port()), () -> dbSize(redis.port()));
        }
    }

    private void assertUnknownKeysLeaveNoState(TestClient client, LongSupplier storeSize) {
        double callsBefore = storeCalls(client);
        long sizeBefore = storeSize.getAsLong();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        SecureRandom random = new SecureRandom();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < REQUESTS; i++) {
                byte[] secret = new byte[24];
                random.nextBytes(secret);
                String key = "rag_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                String path = i % 2 == 0 ? "/query" : "/documents";
                clients.submit(() -> {
                    String outcome;
                    try {
                        outcome = Integer.toString(refusal(client, path, key));
                    } catch (Throwable e) {
                        outcome = e.toString();
                    }
                    statuses.computeIfAbsent(outcome, unused -> new AtomicInteger())
                            .incrementAndGet();
                });
            }
        }
        assertThat(statuses).as("outcomes").containsOnlyKeys("401");
        assertThat(statuses.get("401")).hasValue(REQUESTS);
        assertThat(storeCalls(client))
                .as("calls that reached the rate-limit store")
                .isEqualTo(callsBefore);
        assertThat(storeSize.getAsLong()).as("keys in the store").isEqualTo(sizeBefore);
    }

    /**
     * The status of one request with an unknown key, sent once more when the server had closed the pooled
     * connection before answering (HTTP/1.1 lets a server close a kept-alive connection at any time; the client
     * then sees no bytes at all, seen once in 10,000 requests here). A request that got no answer at all on a
     * reused connection is one a client may send again (RFC 9112, 9.3.1); the JDK's client does so itself for
     * idempotent methods, not for POST. It asks for a refusal either way, so nothing is done twice.
     */
    private static int refusal(TestClient client, String path, String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.request(
                                "POST",
                                path,
                                Map.of("question", "q", "texts", List.of("t")),
                                "Authorization",
                                "Bearer " + key)
                        .status();
            } catch (AssertionError e) {
                if (attempt == 2 || !String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
            }
        }
    }

    private Path keys() {
        return TestKeys.write(keysDir.resolve("keys.yaml"), AccessControlTest.OPS, AccessControlTest.ACME_READER);
    }

    private static double storeCalls(TestClient client) {
        Matcher calls = STORE_CALLS.matcher(client.get("/metrics", "Authorization", AccessControlTest.OPS.bearer())
                .body());
        double total = 0;
        while (calls.find()) {
            total += Double.parseDouble(calls.group(1));
        }
        return total;
    }

    /** DBSIZE over Redis's own protocol: the answer is {@code :<count>\r\n}. */
    private static long dbSize(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("DBSIZE\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c = in.read(); c != '\r' && c != -1; c = in.read()) {
                reply.append((char) c);
            }
            return Long.parseLong(reply.substring(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
