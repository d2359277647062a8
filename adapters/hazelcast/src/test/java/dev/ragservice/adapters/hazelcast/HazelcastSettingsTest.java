package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The member configuration, checked without starting a member. */
class HazelcastSettingsTest {

    @Test
    void defaults() {
        HazelcastSettings settings = HazelcastSettings.from(PluginConfig.empty());

        assertThat(settings.clusterName()).isEqualTo("rag");
        assertThat(settings.instanceName())
                .as("one member per cluster and port in a JVM")
                .isEqualTo("rag-rag-5701");
        assertThat(settings.port()).isEqualTo(5701);
        assertThat(settings.members()).containsExactly("127.0.0.1");
        assertThat(settings.kubernetesServiceDns()).isEmpty();
        assertThat(settings.mapMaxSizeMb()).isEqualTo(256);
        assertThat(settings.nearCache()).isTrue();
        assertThat(settings.operationTimeout()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void tcpIpJoinWithNothingElseThatCouldReachOut() {
        Config config = settings(Map.of(
                        "HAZELCAST_MEMBERS",
                        "10.0.0.1:5701, 10.0.0.2",
                        "HAZELCAST_PORT",
                        "6000",
                        "HAZELCAST_CLUSTER_NAME",
                        "blue"))
                .memberConfig();
        JoinConfig join = config.getNetworkConfig().getJoin();

        assertThat(config.getClusterName()).isEqualTo("blue");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(6000);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    }

    @Test
    void kubernetesDiscoveryReplacesTcpIp() {
        JoinConfig join = settings(Map.of("HAZELCAST_KUBERNETES_SERVICE_DNS", "rag-hz.default.svc.cluster.local"))
                .memberConfig()
                .getNetworkConfig()
                .getJoin();

        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("rag-hz.default.svc.cluster.local");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    }

    @Test
    void entriesAreBoundedAndNearCachedCountersAreNeither() {
        Config config = settings(Map.of("HAZELCAST_MAP_MAX_SIZE_MB", "64")).memberConfig();
        MapConfig entries = config.getMapConfig(HazelcastSettings.ENTRIES_MAP);
        MapConfig counters = config.getMapConfig(HazelcastSettings.COUNTERS_MAP);

        assertThat(entries.getEvictionConfig().getMaxSizePolicy()).isEqualTo(MaxSizePolicy.USED_HEAP_SIZE);
        assertThat(entries.getEvictionConfig().getSize()).isEqualTo(64);
        assertThat(entries.getEvictionConfig().getEvictionPolicy()).isEqualTo(EvictionPolicy.LRU);
        assertThat(entries.getNearCacheConfig().isInvalidateOnChange()).isTrue();
        assertThat(entries.getNearCacheConfig().getInMemoryFormat()).isEqualTo(InMemoryFormat.BINARY);
        assertThat(entries.getNearCacheConfig().getTimeToLiveSeconds())
                .isEqualTo(HazelcastSettings.NEAR_CACHE_TTL_SECONDS);

        assertThat(counters.getEvictionConfig().getEvictionPolicy()).isEqualTo(EvictionPolicy.NONE);
        assertThat(counters.getTimeToLiveSeconds()).isZero();
        assertThat(counters.getMaxIdleSeconds()).isZero();
        assertThat(counters.getBackupCount()).isEqualTo(1);
        assertThat(counters.getNearCacheConfig()).isNull();
    }

    @Test
    void theNearCacheCanBeTurnedOff() {
        MapConfig entries = settings(Map.of("HAZELCAST_NEAR_CACHE", "false"))
                .memberConfig()
                .getMapConfig(HazelcastSettings.ENTRIES_MAP);

        assertThat(entries.getNearCacheConfig()).isNull();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("HAZELCAST_PORT", "70000")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("HAZELCAST_PORT");
        assertThatThrownBy(() -> settings(Map.of("HAZELCAST_MEMBERS", " , ")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("HAZELCAST_MEMBERS");
        assertThatThrownBy(() -> settings(Map.of("HAZELCAST_MAP_MAX_SIZE_MB", "0")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("HAZELCAST_MAP_MAX_SIZE_MB");
        assertThatThrownBy(() -> settings(Map.of("HAZELCAST_OPERATION_TIMEOUT_MS", "0")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("HAZELCAST_OPERATION_TIMEOUT_MS");
        assertThatThrownBy(() -> settings(Map.of("HAZELCAST_NEAR_CACHE", "maybe")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("HAZELCAST_NEAR_CACHE");
    }

    private static HazelcastSettings settings(Map<String, String> values) {
        return HazelcastSettings.from(PluginConfig.of(values));
    }
}
