package dev.ragservice.bootstrap.observe;

import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times every call that reaches one dependency, as {@code <name>_seconds{operation, outcome}} (outcome {@code ok}
 * or {@code error}). Every port is metered by one of these, the same way; every series exists from the start, at
 * zero, so a failing dependency shows as a rate of errors rather than as a new series.
 */
public final class OperationTimer {

    /** For in-process and loopback calls (cache, rate-limit store): 0.1 ms to 250 ms. */
    public static final Duration[] FAST_BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250)
    };

    /** For models and stores: 1 ms to 30 s. */
    public static final Duration[] SLOW_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    // Found by operation on every call: cheaper than by meter name and labels. Filled once, then only read.
    private final Map<String, Timer> succeeded = new HashMap<>();
    private final Map<String, Timer> failed = new HashMap<>();

    OperationTimer(Meters meters, String name, String description, Duration[] buckets, String... operations) {
        for (String operation : operations) {
            succeeded.put(operation, meters.timer(name, description, buckets, "operation", operation, "outcome", "ok"));
            failed.put(operation, meters.timer(name, description, buckets, "operation", operation, "outcome", "error"));
        }
    }

    public <T> T time(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            T result = call.get();
            ok = true;
            return result;
        } finally {
            timer(operation, ok).record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    public void run(String operation, Runnable call) {
        time(operation, () -> {
            call.run();
            return null;
        });
    }

    private Timer timer(String operation, boolean ok) {
        Timer timer = (ok ? succeeded : failed).get(operation);
        if (timer == null) {
            throw new IllegalArgumentException("operation '" + operation + "' was not declared");
        }
        return timer;
    }
}
