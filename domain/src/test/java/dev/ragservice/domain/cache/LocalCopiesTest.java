package dev.ragservice.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LocalCopiesTest {

    private static final byte[] ANSWER = {1, 2, 3};

    private long nanos = 1_000;
    private final LocalCopies copies = new LocalCopies(3, () -> nanos);
    private final List<String> reads = new ArrayList<>();

    @Test
    void aCopyServesReadsForASecondThenTheServerIsAskedAgain() {
        assertThat(copies.get("k", server("k", ANSWER))).contains(ANSWER);
        nanos += Duration.ofMillis(999).toNanos();
        assertThat(copies.get("k", server("k", ANSWER))).contains(ANSWER);
        assertThat(reads).hasSize(1);

        nanos += Duration.ofMillis(1).toNanos();
        assertThat(copies.get("k", server("k", null))).isEmpty();
        assertThat(reads).hasSize(2);
    }

    @Test
    void aMissIsNotCopiedSoAnotherReplicasWriteIsSeenAtOnce() {
        assertThat(copies.get("k", server("k", null))).isEmpty();
        assertThat(copies.get("k", server("k", ANSWER))).contains(ANSWER);
        assertThat(reads).hasSize(2);
    }

    @Test
    void aWriteIsCopiedNoLongerThanTheEntryLives() {
        copies.put("short", ANSWER, Duration.ofMillis(200));
        copies.put("long", ANSWER, Duration.ofHours(1));
        nanos += Duration.ofMillis(199).toNanos();
        assertThat(copies.get("short", server("short", null))).contains(ANSWER);

        nanos += Duration.ofMillis(1).toNanos();
        assertThat(copies.get("short", server("short", null))).isEmpty();
        nanos += Duration.ofMillis(799).toNanos();
        assertThat(copies.get("long", server("long", null))).contains(ANSWER);
        nanos += Duration.ofMillis(1).toNanos();
        assertThat(copies.get("long", server("long", null))).isEmpty();
        assertThat(reads).containsExactly("short", "long");
    }

    @Test
    void beyondItsBoundEveryCopyIsDroppedAndReadAgain() {
        for (String key : List.of("a", "b", "c", "d")) {
            copies.get(key, server(key, ANSWER));
        }
        copies.get("a", server("a", ANSWER));
        copies.get("d", server("d", ANSWER));

        assertThat(reads).containsExactly("a", "b", "c", "d", "a");
    }

    @Test
    void aCacheInThisProcessIsReadEveryTime() {
        LocalCopies none = LocalCopies.none();
        none.put("k", ANSWER, Duration.ofHours(1));

        assertThat(none.get("k", server("k", null))).isEmpty();
        assertThat(none.get("k", server("k", ANSWER))).contains(ANSWER);
        assertThat(reads).hasSize(2);
    }

    private Supplier<Optional<byte[]>> server(String key, byte[] value) {
        return () -> {
            reads.add(key);
            return Optional.ofNullable(value);
        };
    }
}
