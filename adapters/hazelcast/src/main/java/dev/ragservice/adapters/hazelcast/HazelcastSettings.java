package dev.ragservice.adapters.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The Hazelcast settings, read from the environment-variable names users know, and the member they describe. */
record HazelcastSettings(
        String instanceName,
        String clusterName,
        int port,
        List<String> members,
        Optional<String> kubernetesServiceDns,
        int mapMaxSizeMb,
        boolean nearCache,
        Duration operationTimeout) {

    static final String ENTRIES_MAP = "rag-cache";
    static final String COUNTERS_MAP = "rag-counters";
    static final String BUCKETS_MAP = "rag-rate-limit-buckets";
    static final String WINDOWS_MAP = "rag-rate-limit-windows";
    /** Where Bucket4j's serializers' type ids start; far from any other serializer's. */
    static final int BUCKET4J_TYPE_ID_BASE = 10_000;

    static final String PHONE_HOME = "hazelcast.phone.home.enabled";

    /**
     * How long a near-cached copy may be served without asking its owner: the stale-read window. A put or an
     * overwrite on another member reaches this near cache within about a second (batched invalidations), but an
     * entry's expiry on its owner does not reach it at all (measured on 5.7), and an invalidation can be lost; so
     * a near-cached entry may be read for up to this long after it expired or changed. The entries' TTL is only
     * known per put, so this is a fixed bound, far below the service's cache TTLs (an hour by default). Stale
     * reads are harmless here: cache keys carry the corpus version, which is never near-cached.
     */
    static final int NEAR_CACHE_TTL_SECONDS = 10;

    static HazelcastSettings from(PluginConfig config) {
        int port = config.getInt("HAZELCAST_PORT", 5701);
        if (port < 1 || port > 65535) {
            throw new PluginConfigException("HAZELCAST_PORT must be a port number, got " + port);
        }
        List<String> members = Arrays.stream(
                        config.get("HAZELCAST_MEMBERS", "127.0.0.1").split(","))
                .map(String::trim)
                .filter(member -> !member.isEmpty())
                .toList();
        if (members.isEmpty()) {
            throw new PluginConfigException("HAZELCAST_MEMBERS must list host[:port] entries separated by commas");
        }
        int mapMaxSizeMb = config.getInt("HAZELCAST_MAP_MAX_SIZE_MB", 256);
        if (mapMaxSizeMb < 1) {
            throw new PluginConfigException("HAZELCAST_MAP_MAX_SIZE_MB must be at least 1, got " + mapMaxSizeMb);
        }
        Duration timeout = config.getMillis("HAZELCAST_OPERATION_TIMEOUT_MS", Duration.ofMillis(50));
        if (timeout.toMillis() < 1) {
            throw new PluginConfigException("HAZELCAST_OPERATION_TIMEOUT_MS must be a positive number of milliseconds");
        }
        String clusterName = config.get("HAZELCAST_CLUSTER_NAME", "rag");
        return new HazelcastSettings(
                // One member per cluster and port in a JVM: the cache and the rate limits share it.
                config.get("HAZELCAST_INSTANCE_NAME", "rag-" + clusterName + "-" + port),
                clusterName,
                port,
                members,
                config.get("HAZELCAST_KUBERNETES_SERVICE_DNS"),
                mapMaxSizeMb,
                config.getBoolean("HAZELCAST_NEAR_CACHE", true),
                timeout);
    }

    /** The embedded member's configuration: discovery, and the two maps with their very different duties. */
    Config memberConfig() {
        Config config = new Config();
        config.setInstanceName(instanceName);
        config.setClusterName(clusterName);
        config.setProperty(PHONE_HOME, "false");
        // On SIGTERM (a rolling update), hand partitions over before leaving: entries have no backup.
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        // Near-cache invalidations travel in batches, every 10 s by default: a replica that once read a key as
        // absent (near caches keep misses too) would keep missing an entry another replica has put meanwhile.
        config.setProperty("hazelcast.map.invalidation.batchfrequency.seconds", "1");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (kubernetesServiceDns.isPresent()) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", kubernetesServiceDns.get());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(members);
        }

        config.addMapConfig(entriesMap());
        config.addMapConfig(countersMap());
        config.addMapConfig(rateLimitMap(BUCKETS_MAP));
        config.addMapConfig(rateLimitMap(WINDOWS_MAP));
        // Bucket4j's entry processors are plain classes: without its serializers they would travel by Java
        // serialization, which the service's JVM-wide deserialization filter (Helidon's) rejects. Records such as
        // our own processors travel in Hazelcast's compact format.
        HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), BUCKET4J_TYPE_ID_BASE);
        return config;
    }

    private MapConfig entriesMap() {
        MapConfig entries = new MapConfig(ENTRIES_MAP)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                // A lost entry is only a cache miss; a backup would double the memory for nothing.
                .setBackupCount(0)
                .setAsyncBackupCount(0)
                // USED_HEAP_SIZE bounds the map's own heap cost per member (in MB), whatever the entry sizes;
                // the least recently used entries go first.
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                        .setSize(mapMaxSizeMb));
        if (nearCache) {
            entries.setNearCacheConfig(new NearCacheConfig(ENTRIES_MAP)
                    .setInvalidateOnChange(true)
                    // BINARY: every read deserializes a fresh byte[], so a caller cannot alter the cached copy.
                    .setInMemoryFormat(InMemoryFormat.BINARY)
                    .setTimeToLiveSeconds(NEAR_CACHE_TTL_SECONDS)
                    .setEvictionConfig(new EvictionConfig()
                            .setEvictionPolicy(EvictionPolicy.LRU)
                            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                            .setSize(10_000)));
        }
        return entries;
    }

    /**
     * Rate-limit state: one synchronous backup, so losing a member forgets no client's usage; entries expire by
     * the TTL each write sets (a minute after the state would be full again), never by eviction, which would
     * hand a busy client a fresh limit.
     */
    private static MapConfig rateLimitMap(String name) {
        return new MapConfig(name)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.NONE)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(Integer.MAX_VALUE));
    }

    private static MapConfig countersMap() {
        // Corpus versions: never evicted, never expired, and one synchronous backup so losing a member loses none.
        return new MapConfig(COUNTERS_MAP)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setTimeToLiveSeconds(0)
                .setMaxIdleSeconds(0)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.NONE)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(Integer.MAX_VALUE));
    }
}
