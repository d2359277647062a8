package dev.ragservice.adapters.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Real Hazelcast members in this JVM, joined by tcp-ip on loopback under a cluster name of the caller's, so
 * test classes can never join each other. Each member is built from {@link HazelcastSettings}, exactly as the
 * provider builds it.
 */
final class TestCluster implements AutoCloseable {

    /** Room for every member a test starts, including ones that join later. */
    private static final int PORTS = 5;

    private final String clusterName;
    private final int basePort;
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<HazelcastCache> caches = new ArrayList<>();

    private TestCluster(String clusterName, int basePort) {
        this.clusterName = clusterName;
        this.basePort = basePort;
    }

    static TestCluster start(String clusterName, int size, String... settings) {
        // A suffix of its own, so not even the same class in another build on this machine could join.
        String unique =
                clusterName + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        TestCluster cluster = new TestCluster(unique, freePorts());
        for (int i = 0; i < size; i++) {
            cluster.addMember(settings);
        }
        // Tests reason about which member owns a key: wait until the partitions have been spread over all members
        // (right after a join they all still sit on the first one, for longer the busier the machine).
        cluster.awaitClusterSafe();
        return cluster;
    }

    String name() {
        return clusterName;
    }

    /** Settings for one more member of this cluster; extra settings come as name/value pairs. */
    PluginConfig settings(String... settings) {
        Map<String, String> map = new HashMap<>();
        map.put("HAZELCAST_CLUSTER_NAME", clusterName);
        map.put("HAZELCAST_PORT", String.valueOf(basePort + members.size()));
        map.put("HAZELCAST_MEMBERS", members());
        // Generous: most tests are about behaviour, not latency, and the machine is shared.
        map.put("HAZELCAST_OPERATION_TIMEOUT_MS", "2000");
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return PluginConfig.of(map);
    }

    /** The tcp-ip member list every member of this cluster uses. */
    String members() {
        return IntStream.range(0, PORTS)
                .mapToObj(i -> "127.0.0.1:" + (basePort + i))
                .collect(Collectors.joining(","));
    }

    HazelcastCache addMember(String... settings) {
        HazelcastSettings parsed = HazelcastSettings.from(settings(settings));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(parsed.memberConfig());
        HazelcastCache cache = new HazelcastCache(member, parsed.operationTimeout(), member::shutdown);
        members.add(member);
        caches.add(cache);
        return cache;
    }

    HazelcastCache cache(int index) {
        return caches.get(index);
    }

    /**
     * Another cache on the member, holding no copies of counters yet, so its reads go to the cluster: what the
     * cluster itself holds, which a cache that incremented a counter a moment ago would answer from its copy.
     */
    HazelcastCache cacheWithoutCopies(int index) {
        return new HazelcastCache(members.get(index), Duration.ofSeconds(2), () -> {});
    }

    HazelcastInstance member(int index) {
        return members.get(index);
    }

    /** The index of the member that owns the key's partition. */
    int ownerOf(String key) {
        HazelcastInstance running = members.stream()
                .filter(m -> m.getLifecycleService().isRunning())
                .findFirst()
                .orElseThrow();
        Member owner = running.getPartitionService().getPartition(key).getOwner();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getLifecycleService().isRunning()
                    && members.get(i).getCluster().getLocalMember().getUuid().equals(owner.getUuid())) {
                return i;
            }
        }
        throw new IllegalStateException("no running member owns " + key);
    }

    @Override
    public void close() {
        // Stopping members in the middle of a migration works, but fills the test output with SEVERE lines.
        awaitClusterSafe();
        for (HazelcastInstance member : members) {
            if (member.getLifecycleService().isRunning()) {
                member.getLifecycleService().terminate();
            }
        }
    }

    void awaitClusterSafe() {
        members.stream()
                .filter(member -> member.getLifecycleService().isRunning())
                .findFirst()
                .ifPresent(member -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!member.getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
                        sleep(100);
                    }
                });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (IntStream.range(0, PORTS).allMatch(i -> isFree(base + i))) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + PORTS + " free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
