package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stuck cluster: the other member is frozen (SIGSTOP), its connections stay open and Hazelcast would wait a
 * minute for it. Calls that need it fail within the 50 ms default timeout instead, and work again once it thaws.
 */
@Timeout(120)
class HazelcastFrozenMemberTest {

    private static final Duration FAST = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofMinutes(5);

    private static TestCluster cluster;
    private static Process other;
    private static Path otherLog;
    private static HazelcastCache local;

    @BeforeAll
    static void startBothMembers() throws IOException {
        // Port offsets: 0 is this JVM's member, 1 the other JVM's.
        cluster = TestCluster.start("frozen-member-test", 0);
        String[] members = cluster.members().split(",");
        String otherPort = members[1].substring(members[1].indexOf(':') + 1);
        otherLog = Files.createTempFile("hazelcast-member", ".log");
        other = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dhazelcast.phone.home.enabled=false",
                        "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                        "-cp",
                        testClassPath(),
                        OtherJvmMember.class.getName(),
                        cluster.name(),
                        otherPort,
                        cluster.members()))
                .redirectErrorStream(true)
                .redirectOutput(otherLog.toFile())
                .start();
        // The default operation timeout, 50 ms: the setting under test.
        local = cluster.addMember("HAZELCAST_OPERATION_TIMEOUT_MS", "50");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .failFast("the other member's JVM exited: " + log(), () -> !other.isAlive())
                .until(() -> cluster.member(0).getCluster().getMembers().size() == 2);
        // Keys are picked by their owner: wait until the partitions have migrated, or an owner could still change.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.member(0).getPartitionService().isClusterSafe());
    }

    @AfterAll
    static void stopBothMembers() throws InterruptedException {
        // This JVM's member first: were the other one killed first, this one would log every migration it
        // could no longer commit while it shut down.
        if (cluster != null) {
            cluster.close();
        }
        if (other != null) {
            signal("-CONT");
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void callsThatNeedAFrozenMemberFailFastAndWorkAgainWhenItThaws() throws Exception {
        String remoteKey = keyOwnedByTheOtherMember("remote");
        String remoteCounter = keyOwnedByTheOtherMember("version");
        String localKey = keyOwnedHere();
        // Warm up on the live cluster, with 50 ms to spare for every call (retried: the JIT is cold).
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            local.put(localKey, new byte[] {1}, LONG);
            local.increment(remoteCounter);
            return local.counter(remoteCounter) > 0;
        });

        signal("-STOP");
        try {
            assertFailsFast(() -> local.get(remoteKey));
            assertFailsFast(() -> {
                local.put(remoteKey, new byte[] {1}, LONG);
                return null;
            });
            assertFailsFast(() -> local.increment(remoteCounter));
            long start = System.nanoTime();
            local.isAvailable();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("isAvailable")
                    .isLessThan(FAST);
            // Entries have no backup, so what this member owns is still served.
            assertThat(local.get(localKey)).isPresent();
        } finally {
            signal("-CONT");
        }

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    local.put(remoteKey, new byte[] {2}, LONG);
                    return local.get(remoteKey).isPresent();
                });
        assertThat(local.isAvailable()).isTrue();
    }

    private static void assertFailsFast(Callable<?> call) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call::call);

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("time to fail")
                .isLessThan(FAST);
        assertThat(thrown).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.dependency()).isEqualTo("hazelcast");
            assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
            assertThat(e.getMessage()).contains("HAZELCAST_OPERATION_TIMEOUT_MS");
        });
    }

    private static String keyOwnedByTheOtherMember(String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + "-" + i;
            if (!cluster.member(0)
                    .getPartitionService()
                    .getPartition(key)
                    .getOwner()
                    .localMember()) {
                return key;
            }
        }
    }

    private static String keyOwnedHere() {
        for (int i = 0; ; i++) {
            String key = "local-" + i;
            if (cluster.member(0)
                    .getPartitionService()
                    .getPartition(key)
                    .getOwner()
                    .localMember()) {
                return key;
            }
        }
    }

    private static void signal(String signal) {
        try {
            new ProcessBuilder("kill", signal, String.valueOf(other.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the other member", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String testClassPath() {
        // Surefire may launch this JVM through a manifest-only jar; it names the real class path here.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }

    private static String log() {
        try {
            return Files.readString(otherLog);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
