package dev.ragservice.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void defaults() {
        RedisSettings settings = settings(Map.of("REDIS_URL", "redis://cache.internal"));

        assertThat(settings.host()).isEqualTo("cache.internal");
        assertThat(settings.port()).isEqualTo(6379);
        assertThat(settings.tls()).isFalse();
        assertThat(settings.user()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.database()).isZero();
        assertThat(settings.poolSize()).isEqualTo(16);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.keyPrefix()).isEmpty();
    }

    @Test
    void everythingFromTheUrl() {
        RedisSettings settings = settings(Map.of("REDIS_URL", "rediss://:p%40ss+word@redis_cache:6380/2"));

        assertThat(settings.tls()).isTrue();
        assertThat(settings.host()).isEqualTo("redis_cache");
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.password()).isEqualTo("p@ss+word");
        assertThat(settings.database()).isEqualTo(2);
    }

    @Test
    void anAclUserAndAnIpv6Host() {
        RedisSettings settings = settings(Map.of("REDIS_URL", "redis://app:pw@[::1]:7000"));

        assertThat(settings.user()).isEqualTo("app");
        assertThat(settings.password()).isEqualTo("pw");
        assertThat(settings.host()).isEqualTo("::1");
        assertThat(settings.port()).isEqualTo(7000);
    }

    @Test
    void ownSettingsOverrideTheUrl() {
        RedisSettings settings = settings(Map.of(
                "REDIS_URL", "redis://:fromurl@h:1/1",
                "REDIS_PASSWORD", "fromsetting",
                "REDIS_DATABASE", "4",
                "REDIS_POOL_SIZE", "3",
                "REDIS_TIMEOUT_MS", "25",
                "REDIS_KEY_PREFIX", "rag:"));

        assertThat(settings.password()).isEqualTo("fromsetting");
        assertThat(settings.database()).isEqualTo(4);
        assertThat(settings.poolSize()).isEqualTo(3);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(25));
        assertThat(settings.keyPrefix()).isEqualTo("rag:");
    }

    @Test
    void theUrlIsRequiredAndNamed() {
        assertThatThrownBy(() -> settings(Map.of()))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("REDIS_URL");
    }

    @Test
    void badSettingsNameTheVariableButNeverEchoThePassword() {
        assertThatThrownBy(() -> settings(Map.of("REDIS_URL", "http://:hunter2@h:1")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("REDIS_URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> settings(Map.of("REDIS_URL", "redis://:hunter2%zz@h:1")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> settings(Map.of("REDIS_URL", "redis://h:1", "REDIS_POOL_SIZE", "0")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("REDIS_POOL_SIZE");
        assertThatThrownBy(() -> settings(Map.of("REDIS_URL", "redis://h:1", "REDIS_TIMEOUT_MS", "0")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("REDIS_TIMEOUT_MS");
        assertThatThrownBy(() -> settings(Map.of("REDIS_URL", "redis://h:1/x")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("REDIS_URL");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(settings(Map.of("REDIS_URL", "redis://:hunter2@h:1")).toString())
                .doesNotContain("hunter2")
                .contains("password set");
    }

    private static RedisSettings settings(Map<String, String> values) {
        return RedisSettings.from(PluginConfig.of(values));
    }
}
