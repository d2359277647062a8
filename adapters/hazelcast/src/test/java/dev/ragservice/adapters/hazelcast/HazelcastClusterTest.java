package dev.ragservice.adapters.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.nearcache.NearCacheStats;
import dev.ragservice.ports.cache.Cache;
import dev.ragservice.ports.cache.CacheProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** The cache contract across three real members, one per simulated replica, with the near cache on. */
@Timeout(120)
class HazelcastClusterTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private static TestCluster cluster;
    private static HazelcastCache a;
    private static HazelcastCache b;
    private static HazelcastCache c;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start("cluster-test", 3);
        a = cluster.cache(0);
        b = cluster.cache(1);
        c = cluster.cache(2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theMembersFormOneClusterOnLoopbackOnly() {
        for (int i = 0; i < 3; i++) {
            Set<Member> members = cluster.member(i).getCluster().getMembers();
            assertThat(members).hasSize(3);
            assertThat(members).allSatisfy(member -> {
                assertThat(member.getAddress().getInetAddress().isLoopbackAddress())
                        .as("%s is on loopback", member.getAddress())
                        .isTrue();
            });
        }
        assertThat(a.isAvailable()).isTrue();
        assertThat(c.isAvailable()).isTrue();
    }

    @Test
    void entriesPutOnOneMemberAreReadOnTheOthers(TestInfo test) {
        List<String> keys = keys(test, 40);
        for (String key : keys) {
            a.put(key, value(key), LONG);
        }

        // Forty keys spread over the partitions: most are owned by B or C, so this crosses members.
        for (String key : keys) {
            assertThat(b.get(key)).as(key).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(key)));
            assertThat(c.get(key)).as(key).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(key)));
        }
        assertThat(keys.stream().map(cluster::ownerOf).distinct()).hasSize(3);
    }

    @Test
    void aReaderCannotChangeWhatOthersRead(TestInfo test) {
        String key = keyOwnedBy(test, 0);
        a.put(key, new byte[] {1, 2, 3}, LONG);

        byte[] fromNearCache = readFromNearCache(1, key);
        fromNearCache[0] = 99;

        // Were the near cache to hand out the array it holds, every later reader on B would see 99.
        assertThat(b.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
    }

    @Test
    void aMissCachedNearbyGivesWayToAPutOnAnotherMember(TestInfo test) {
        String key = keyOwnedBy(test, 0);
        assertThat(b.get(key)).isEmpty();

        a.put(key, new byte[] {7}, LONG);

        // Invalidations are sent every second; Hazelcast's default would keep B missing for ten.
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> b.get(key).isPresent());
    }

    @Test
    void anEntryLivesAtLeastItsTtlAndThenExpires(TestInfo test) throws InterruptedException {
        // Read on each key's owner, which does not near-cache its own entries. Puts at several points within a
        // second, where Hazelcast's truncation of entry times to whole seconds would cut a TTL short.
        List<String> keys = keys(test, 4);
        for (String key : keys) {
            a.put(key, new byte[] {1}, Duration.ofMillis(700));
            Thread.sleep(550);
            assertThat(ownersCache(key).get(key))
                    .as("%s, 550 ms into its 700 ms", key)
                    .isPresent();
        }

        await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        keys.stream().allMatch(key -> ownersCache(key).get(key).isEmpty()));
    }

    @Test
    void aNearCachedEntryOutlivesItsTtlByAtMostTheNearCacheTtl(TestInfo test) {
        String key = keyOwnedBy(test, 0);
        a.put(key, new byte[] {1}, Duration.ofSeconds(1));
        assertThat(b.get(key)).isPresent(); // now in B's near cache

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(1 + 2 + HazelcastSettings.NEAR_CACHE_TTL_SECONDS + 3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> b.get(key).isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCounterIsZeroUntilIncrementedThenCountsFromOne(TestInfo test) {
        String key = test.getDisplayName();
        assertThat(c.counter(key)).isZero();
        assertThat(a.increment(key)).isEqualTo(1);
        assertThat(b.increment(key)).isEqualTo(2);
        // C holds a copy from its first read: the increments reach it as entry events.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> c.counter(key) == 2);
    }

    @Test
    void incrementIsAtomicAcrossMembersAndThreads(TestInfo test) throws Exception {
        String key = test.getDisplayName();
        int threads = 8;
        int perThread = 150;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                Cache replica = t % 2 == 0 ? a : b;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < perThread; n++) {
                        seen.add(replica.increment(key));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        assertThat(c.counter(key)).isEqualTo((long) threads * perThread);
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void theProviderStartsAMemberThatJoinsAndLeavesTheCluster(TestInfo test) {
        String key = keyOwnedBy(test, 0);
        a.put(key, new byte[] {5}, LONG);
        a.increment(key);
        CacheProvider provider = ServiceLoader.load(CacheProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("hazelcast"))
                .findFirst()
                .orElseThrow();
        assertThat(provider).isInstanceOf(HazelcastCacheProvider.class);

        Cache joined = provider.create(cluster.settings());
        try {
            assertThat(cluster.member(0).getCluster().getMembers()).hasSize(4);
            assertThat(joined.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(5));
            assertThat(joined.counter(key)).isEqualTo(1);
            assertThat(System.getProperty(HazelcastSettings.PHONE_HOME)).isEqualTo("false");
        } finally {
            ((HazelcastCache) joined).close();
        }

        assertThat(joined.isAvailable()).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.member(0).getCluster().getMembers().size() == 3);
        assertThat(a.counter(key)).isEqualTo(1);
    }

    /** Reads until a read is served by the member's near cache (it fills asynchronously after a miss). */
    private static byte[] readFromNearCache(int member, String key) {
        for (int attempt = 0; attempt < 100; attempt++) {
            long hits = nearCacheHits(member);
            byte[] value = cluster.cache(member).get(key).orElseThrow();
            if (nearCacheHits(member) > hits) {
                return value;
            }
        }
        throw new AssertionError("member " + member + " never served " + key + " from its near cache");
    }

    private static long nearCacheHits(int member) {
        NearCacheStats stats = cluster.member(member)
                .getMap(HazelcastSettings.ENTRIES_MAP)
                .getLocalMapStats()
                .getNearCacheStats();
        return stats.getHits();
    }

    private static HazelcastCache ownersCache(String key) {
        return cluster.cache(cluster.ownerOf(key));
    }

    private static List<String> keys(TestInfo test, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(test.getDisplayName() + ":" + i);
        }
        return keys;
    }

    /** A key whose partition the given member owns, so reads from the others go through their near caches. */
    private static String keyOwnedBy(TestInfo test, int member) {
        for (int i = 0; ; i++) {
            String key = test.getDisplayName() + ":" + i;
            if (cluster.ownerOf(key) == member) {
                return key;
            }
        }
    }

    private static byte[] value(String key) {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (key.hashCode() * 31 + i);
        }
        return bytes;
    }
}
