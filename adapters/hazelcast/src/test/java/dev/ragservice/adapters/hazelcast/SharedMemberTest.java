package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.ratelimit.RateLimit;
import dev.ragservice.ports.ratelimit.RateLimitStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cache and the rate limits of one replica share one member, which stops when the last of them closes. */
class SharedMemberTest {

    @Test
    void cacheAndRateLimitsShareOneMemberUntilBothClose() {
        int port = freePort();
        PluginConfig config = PluginConfig.of(Map.of(
                "HAZELCAST_CLUSTER_NAME",
                "shared-member-" + UUID.randomUUID(),
                "HAZELCAST_PORT",
                Integer.toString(port),
                "HAZELCAST_MEMBERS",
                "127.0.0.1:" + port,
                "HAZELCAST_OPERATION_TIMEOUT_MS",
                "2000"));
        String name = HazelcastSettings.from(config).instanceName();
        HazelcastCache cache = (HazelcastCache) new HazelcastCacheProvider().create(config);
        RateLimitStore limits = new HazelcastRateLimitStoreProvider().create(config);
        try {
            assertThat(Hazelcast.getAllHazelcastInstances())
                    .filteredOn(member -> member.getName().equals(name))
                    .hasSize(1);
            assertThat(Hazelcast.getHazelcastInstanceByName(name).getCluster().getMembers())
                    .hasSize(1);

            cache.close();
            assertThat(limits.isAvailable())
                    .as("the rate limits still use the member")
                    .isTrue();
            assertThat(limits.tryAcquire("k", RateLimit.slidingWindow(1, Duration.ofMinutes(1)), 1, Instant.now())
                            .allowed())
                    .isTrue();
        } finally {
            cache.close();
            limits.close();
        }
        assertThat(Hazelcast.getHazelcastInstanceByName(name))
                .as("stopped by its last user")
                .isNull();
        Cache again = new HazelcastCacheProvider().create(config);
        try {
            assertThat(again.isAvailable())
                    .as("a new member once the old one stopped")
                    .isTrue();
        } finally {
            ((HazelcastCache) again).close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
