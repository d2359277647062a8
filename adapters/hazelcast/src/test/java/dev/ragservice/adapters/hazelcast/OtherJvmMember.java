package dev.ragservice.adapters.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.IOException;
import java.util.Map;

/**
 * A member in a JVM of its own, so a test can freeze it with SIGSTOP the way a long GC pause or a stopped node
 * would, while the test's own member keeps running. It exits when its parent closes its standard input, so it
 * cannot outlive the test run.
 */
final class OtherJvmMember {

    private OtherJvmMember() {}

    /** Arguments: cluster name, port, tcp-ip members. */
    public static void main(String[] args) throws IOException {
        HazelcastSettings settings = HazelcastSettings.from(PluginConfig.of(Map.of(
                "HAZELCAST_CLUSTER_NAME", args[0],
                "HAZELCAST_PORT", args[1],
                "HAZELCAST_MEMBERS", args[2])));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(settings.memberConfig());
        System.out.println(
                "member started: " + member.getCluster().getLocalMember().getAddress());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the parent to go away
        }
        member.getLifecycleService().terminate();
        System.exit(0);
    }
}
