package dev.ragservice.bootstrap;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Takes over SIGTERM, the signal Kubernetes and Docker stop a container with. The JVM's own handling runs the
 * shutdown hooks at once (all of them, in parallel: Hazelcast's too, while requests are still being served) and
 * then exits with 143, which orchestrators record as a failure. Here the service drains first and exits 0.
 *
 * <p>{@code sun.misc.Signal} is the JDK's supported way to do this ({@code jdk.unsupported} exports it); where the
 * signal cannot be handled (the JVM runs with {@code -Xrs}), the shutdown hook still closes the service.
 */
final class TerminationSignal {

    private static final System.Logger LOG = System.getLogger(TerminationSignal.class.getName());

    private TerminationSignal() {}

    /** On the first SIGTERM, runs {@code drain} and exits with 0 (1 if draining failed); later ones are ignored. */
    static void onTerm(Runnable drain) {
        AtomicBoolean received = new AtomicBoolean();
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                if (received.compareAndSet(false, true)) {
                    // Not on the signal's own thread: that one is a daemon, and once the listener has closed no
                    // other thread but daemons (virtual threads serving the last requests) would keep the JVM up.
                    Thread draining = new Thread(() -> drainAndExit(drain), "drain");
                    draining.setDaemon(false);
                    draining.start();
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "SIGTERM cannot be handled here (" + e.getMessage()
                            + "); the shutdown hook closes the service without draining");
        }
    }

    private static void drainAndExit(Runnable drain) {
        int status = 0;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "draining on SIGTERM failed", e);
            status = 1;
        }
        System.exit(status);
    }
}
