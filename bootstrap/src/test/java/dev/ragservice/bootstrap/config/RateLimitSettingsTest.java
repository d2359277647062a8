package dev.ragservice.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.plugin.PluginConfigException;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RATE_LIMIT_* variables, their defaults and the messages that name a malformed one. */
class RateLimitSettingsTest {

    @Test
    void defaultsAreATokenBucketOnTheCacheBackendThatFailsOpen() {
        RateLimitSettings settings =
                Settings.from(Map.of("CACHE_BACKEND", "hazelcast")).rateLimits();

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.backend()).isEqualTo("hazelcast");
        assertThat(settings.policy().requests()).isEqualTo(RateLimit.tokenBucket(100, 60, Duration.ofMinutes(1)));
        assertThat(settings.policy().tokens())
                .isEqualTo(RateLimit.tokenBucket(100_000, 100_000, Duration.ofMinutes(1)));
        assertThat(settings.policy().failOpen()).isTrue();
        assertThat(settings.trustForwardedFor()).isFalse();
        assertThat(settings.spares()).isEqualTo(32);
        assertThat(settings.inProcess()).isFalse();
        assertThat(Settings.from(Map.of("CACHE_BACKEND", "memory")).rateLimits().inProcess())
                .isTrue();
        assertThat(Settings.from(Map.of("RATE_LIMIT_SPARES", "0")).rateLimits().spares())
                .isZero();
        assertThat(Settings.from(Map.of("REDIS_URL", "redis://r:6379"))
                        .rateLimits()
                        .backend())
                .isEqualTo("redis");
    }

    @Test
    void aSlidingWindowScalesTheRateToItsLength() {
        RateLimitSettings settings = Settings.from(Map.of(
                        "RATE_LIMIT_ALGORITHM",
                        "SLIDING_WINDOW",
                        "RATE_LIMIT_RPM",
                        "30",
                        "RATE_LIMIT_WINDOW_SECONDS",
                        "10",
                        "RATE_LIMIT_TPM",
                        "5000",
                        "RATE_LIMIT_BACKEND",
                        "redis",
                        "RATE_LIMIT_FAIL_OPEN",
                        "false"))
                .rateLimits();

        assertThat(settings.backend()).isEqualTo("redis");
        assertThat(settings.policy().requests()).isEqualTo(RateLimit.slidingWindow(5, Duration.ofSeconds(10)));
        assertThat(settings.policy().tokens()).isEqualTo(RateLimit.slidingWindow(5000, Duration.ofMinutes(1)));
        assertThat(settings.policy().failOpen()).isFalse();
    }

    @Test
    void malformedSettingsNameTheirVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("RATE_LIMIT_ALGORITHM", "leaky_bucket"))
                        .rateLimits())
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("RATE_LIMIT_ALGORITHM")
                .hasMessageContaining("sliding_window");
        for (String variable :
                new String[] {"RATE_LIMIT_RPM", "RATE_LIMIT_BURST", "RATE_LIMIT_WINDOW_SECONDS", "RATE_LIMIT_TPM"}) {
            assertThatThrownBy(() -> Settings.from(Map.of(variable, "0")).rateLimits())
                    .isInstanceOf(PluginConfigException.class)
                    .hasMessageContaining(variable);
        }
        assertThatThrownBy(() ->
                        Settings.from(Map.of("RATE_LIMIT_FAIL_OPEN", "maybe")).rateLimits())
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("RATE_LIMIT_FAIL_OPEN");
        for (String spares : new String[] {"-1", "1025"}) {
            assertThatThrownBy(() ->
                            Settings.from(Map.of("RATE_LIMIT_SPARES", spares)).rateLimits())
                    .isInstanceOf(PluginConfigException.class)
                    .hasMessageContaining("RATE_LIMIT_SPARES");
        }
    }
}
