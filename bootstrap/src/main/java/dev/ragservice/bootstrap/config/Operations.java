package dev.ragservice.bootstrap.config;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * How the service is run and scraped: the Prometheus endpoint, the shutdown sequence, and how streams stay alive
 * behind proxies.
 *
 * @param prometheusEnabled {@code PROMETHEUS_ENABLED}: serve {@code /metrics} at all
 * @param prometheusPort    {@code PROMETHEUS_PORT}: a port of its own for {@code /metrics}, when it differs from
 *                          {@code PORT}; empty means the service port
 * @param shutdownGrace     {@code SHUTDOWN_GRACE_SECONDS}: how long requests in flight may take to finish once the
 *                          listener has closed
 * @param shutdownDelay     {@code SHUTDOWN_DELAY_SECONDS}: how long the service keeps serving with readiness already
 *                          failing before it closes the listener, so load balancers stop sending first
 * @param streamHeartbeat   {@code STREAM_HEARTBEAT_SECONDS}: how long a streamed answer may stay silent before it
 *                          sends a comment line, so proxies and clients with read timeouts keep the connection
 */
public record Operations(
        boolean prometheusEnabled,
        OptionalInt prometheusPort,
        Duration shutdownGrace,
        Duration shutdownDelay,
        Duration streamHeartbeat) {

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
    public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(15);

    static Operations from(PluginConfig env, int servicePort) {
        OptionalInt prometheusPort = env.get("PROMETHEUS_PORT").isPresent()
                ? OptionalInt.of(port(env.getInt("PROMETHEUS_PORT", 0)))
                : OptionalInt.empty();
        return new Operations(
                env.getBoolean("PROMETHEUS_ENABLED", true),
                prometheusPort.equals(OptionalInt.of(servicePort)) ? OptionalInt.empty() : prometheusPort,
                notNegative(
                        "SHUTDOWN_GRACE_SECONDS", env.getDuration("SHUTDOWN_GRACE_SECONDS", DEFAULT_SHUTDOWN_GRACE)),
                notNegative("SHUTDOWN_DELAY_SECONDS", env.getDuration("SHUTDOWN_DELAY_SECONDS", Duration.ZERO)),
                positive(
                        "STREAM_HEARTBEAT_SECONDS",
                        env.getDuration("STREAM_HEARTBEAT_SECONDS", DEFAULT_STREAM_HEARTBEAT)));
    }

    /** Whether {@code /metrics} has a listener of its own. */
    public boolean separateMetricsPort() {
        return prometheusEnabled && prometheusPort.isPresent();
    }

    private static int port(int value) {
        if (value < 0 || value > 65535) {
            throw new PluginConfigException("PROMETHEUS_PORT must be between 0 and 65535, got " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new PluginConfigException(name + " must be positive, got " + value);
        }
        return value;
    }

    private static Duration notNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new PluginConfigException(name + " must not be negative, got " + value);
        }
        return value;
    }
}
