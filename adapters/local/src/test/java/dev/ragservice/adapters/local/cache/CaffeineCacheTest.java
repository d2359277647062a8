package dev.ragservice.adapters.local.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaffeineCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final CaffeineCache cache = new CaffeineCache(1024 * 1024, ticker, Runnable::run);

    @Test
    void eachEntryExpiresAfterItsOwnTtl() {
        cache.put("short", new byte[] {1}, Duration.ofSeconds(10));
        cache.put("long", new byte[] {2}, Duration.ofMinutes(10));

        ticker.advance(Duration.ofSeconds(9));
        assertThat(cache.get("short")).isPresent();

        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.get("short")).isEmpty();
        assertThat(cache.get("long")).isPresent();

        ticker.advance(Duration.ofMinutes(10));
        assertThat(cache.get("long")).isEmpty();
    }

    @Test
    void aNewPutStartsItsOwnTtl() {
        cache.put("k", new byte[] {1}, Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));

        cache.put("k", new byte[] {2}, Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));

        assertThat(cache.get("k")).hasValueSatisfying(value -> assertThat(value).containsExactly(2));

        cache.put("k", new byte[] {3}, Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.get("k")).as("a shorter ttl on update shortens it").isEmpty();
    }

    @Test
    void staysWithinItsByteBound() {
        long bound = 64 * 1024;
        CaffeineCache small = new CaffeineCache(bound, ticker, Runnable::run);
        int valueSize = 1000;
        for (int i = 0; i < 500; i++) {
            small.put("key-" + i, new byte[valueSize], Duration.ofHours(1));
        }
        small.cleanUp();

        long perEntry = valueSize + 2L * "key-000".length() + CaffeineCache.ENTRY_OVERHEAD_BYTES;
        assertThat(small.estimatedSize()).isPositive().isLessThanOrEqualTo(bound / (valueSize + 1));
        assertThat(small.estimatedSize() * perEntry).isLessThanOrEqualTo(bound + perEntry);
        long present = 0;
        for (int i = 0; i < 500; i++) {
            present += small.get("key-" + i).isPresent() ? 1 : 0;
        }
        assertThat(present).isEqualTo(small.estimatedSize());
    }

    @Test
    void countersStartAtZeroAndNeverExpireOrGetEvicted() {
        CaffeineCache tiny = new CaffeineCache(2048, ticker, Runnable::run);
        assertThat(tiny.counter("version")).isZero();
        assertThat(tiny.increment("version")).isEqualTo(1);
        assertThat(tiny.increment("version")).isEqualTo(2);

        for (int i = 0; i < 100; i++) {
            tiny.put("filler-" + i, new byte[500], Duration.ofSeconds(1));
        }
        ticker.advance(Duration.ofDays(365));
        tiny.cleanUp();

        assertThat(tiny.counter("version")).isEqualTo(2);
        assertThat(tiny.increment("version")).isEqualTo(3);
    }

    private static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }
}
