package dev.ragservice.ports.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The copies' rules with a clock the test moves and a "server" that is a number (or a scripted answer). */
class CounterCopiesTest {

    private static final long TRUST = CounterCopies.TRUST.toNanos();

    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong server = new AtomicLong();
    private final AtomicLong serverReads = new AtomicLong();
    private final CounterCopies copies = new CounterCopies(clock::get);

    @Test
    void aCopyIsTrustedForTheTrustFromWhenItsReadWasSent() {
        server.set(3);
        assertThat(read("k")).isEqualTo(3);
        server.set(4);

        clock.addAndGet(TRUST - 1);
        assertThat(read("k")).as("just within the trust").isEqualTo(3);
        clock.addAndGet(1);
        assertThat(read("k")).as("read again").isEqualTo(4);
        assertThat(serverReads).hasValue(2);
    }

    @Test
    void trustRunsFromTheSendingNotTheAnswer() {
        // The server answers slowly: the answer is as old as the request, not as the reply.
        assertThat(copies.read("k", () -> {
                    clock.addAndGet(TRUST / 2);
                    return 7;
                }))
                .isEqualTo(7);
        server.set(8);

        clock.addAndGet(TRUST / 2);

        assertThat(read("k")).isEqualTo(8);
    }

    @Test
    void anIncrementBecomesTheCopy() {
        server.set(1);
        read("k");

        assertThat(copies.increment("k", () -> 2)).isEqualTo(2);

        assertThat(read("k")).isEqualTo(2);
        assertThat(serverReads).hasValue(1);
    }

    @Test
    void aNotificationRaisesACopyButDoesNotExtendItsTrust() {
        read("k");
        clock.addAndGet(TRUST / 2);

        copies.notified("k", 5);
        copies.notified("k", 4); // an older one arriving late changes nothing

        assertThat(read("k")).isEqualTo(5);
        server.set(6);
        clock.addAndGet(TRUST / 2);
        assertThat(read("k"))
                .as("trusted from the read, not from the notification")
                .isEqualTo(6);
    }

    @Test
    void notificationsOfCountersNeverReadHereAreNotKept() {
        copies.notified("other", 9);
        server.set(2);

        assertThat(read("other")).isEqualTo(2);
    }

    @Test
    void aSmallerAnswerToARequestSentBeforeTheLargerValueArrivedLeavesTheCopy() {
        server.set(1);
        read("k");
        clock.addAndGet(TRUST); // untrusted: the next read goes to the server
        long[] seen = new long[1];

        seen[0] = copies.read("k", () -> {
            // While this read is on its way, an increment on another connection overtakes it.
            clock.addAndGet(1);
            copies.increment("k", () -> 2);
            clock.addAndGet(1);
            return 1;
        });

        assertThat(seen[0]).as("the newer value, not the overtaken answer").isEqualTo(2);
        assertThat(read("k")).isEqualTo(2);
    }

    @Test
    void aSmallerAnswerSentAfterTheLargerValueWasKnownMeansTheServerCountsAfresh() {
        server.set(5);
        read("k");
        clock.addAndGet(TRUST);
        server.set(0); // the server lost everything

        assertThat(read("k")).isZero();
        assertThat(copies.increment("k", () -> 1)).isEqualTo(1);
        assertThat(read("k")).isEqualTo(1);
    }

    @Test
    void clearDropsEveryCopyAndForgetOne() {
        server.set(1);
        read("a");
        read("b");
        read("c");
        server.set(2);

        copies.forget("a");
        assertThat(read("a")).isEqualTo(2);
        assertThat(read("b")).isEqualTo(1);
        copies.clear();
        assertThat(read("b")).isEqualTo(2);
        assertThat(read("c")).isEqualTo(2);
    }

    @Test
    void theCopiesStartAfreshBeyondTheirBound() {
        for (int i = 0; i < CounterCopies.MAX_COPIES; i++) {
            read("k" + i);
        }
        server.set(1);

        read("one-too-many");
        server.set(2);

        assertThat(read("k0")).as("dropped with the others").isEqualTo(2);
        assertThat(read("one-too-many")).as("kept").isEqualTo(1);
    }

    private long read(String key) {
        return copies.read(key, () -> {
            serverReads.incrementAndGet();
            return server.get();
        });
    }
}
