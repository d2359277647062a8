package dev.ragservice.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Password and database, from the URL and from their own settings, against a server that requires a password. */
class RedisAuthenticationTest {

    private static final String PASSWORD = "s3cret+with:odd@chars";
    private static final String ENCODED = "s3cret+with%3Aodd%40chars";
    private static final String WRONG = "not-the-password-42";
    private static final Duration TTL = Duration.ofMinutes(5);

    private static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start("--requirepass", PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void passwordAndDatabaseComeFromTheUrl() {
        try (RedisCache database3 = cache("redis://:" + ENCODED + "@127.0.0.1:" + server.port() + "/3");
                RedisCache database0 = cache("redis://:" + ENCODED + "@127.0.0.1:" + server.port());
                RedisCache database3BySetting =
                        cache("redis://:" + ENCODED + "@127.0.0.1:" + server.port(), "REDIS_DATABASE", "3")) {
            database3.put("k", new byte[] {3}, TTL);

            assertThat(database3.isAvailable()).isTrue();
            assertThat(database3.get("k")).isPresent();
            assertThat(database0.get("k")).as("database 0").isEmpty();
            assertThat(database3BySetting.get("k")).as("REDIS_DATABASE=3").isPresent();
        }
    }

    @Test
    void redisPasswordOverridesTheUrlsPassword() {
        try (RedisCache cache =
                cache("redis://:" + WRONG + "@127.0.0.1:" + server.port(), "REDIS_PASSWORD", PASSWORD)) {
            cache.put("override", new byte[] {1}, TTL);

            assertThat(cache.get("override")).isPresent();
        }
    }

    @Test
    void aWrongPasswordIsUnauthorizedAndSaysWhatToFix() {
        try (RedisCache cache = cache("redis://:" + WRONG + "@127.0.0.1:" + server.port())) {
            assertThatThrownBy(() -> cache.get("k")).isInstanceOfSatisfying(DependencyException.class, e -> {
                assertThat(e.dependency()).isEqualTo("redis");
                assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                assertThat(e.kind().isTransient()).isFalse();
                assertThat(e.getMessage()).contains("REDIS_PASSWORD").doesNotContain(WRONG);
            });
            assertThat(cache.isAvailable()).isFalse();
        }
    }

    @Test
    void noPasswordAtAllIsUnauthorized() {
        try (RedisCache cache = cache("redis://127.0.0.1:" + server.port())) {
            assertThatThrownBy(() -> cache.put("k", new byte[] {1}, TTL))
                    .isInstanceOfSatisfying(
                            DependencyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
        }
    }

    private static RedisCache cache(String url, String... settings) {
        String[] all = new String[settings.length + 4];
        all[0] = "REDIS_URL";
        all[1] = url;
        all[2] = "REDIS_TIMEOUT_MS";
        all[3] = "1000";
        System.arraycopy(settings, 0, all, 4, settings.length);
        return server.cache(all);
    }
}
