package dev.ragservice.bootstrap.config;

import dev.ragservice.domain.ratelimit.CoalescingRateLimitStore;
import dev.ragservice.domain.ratelimit.RateLimitPolicy;
import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import dev.ragservice.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Locale;

/**
 * The rate-limit settings ({@code RATE_LIMIT_*}), read from the same environment as {@link Settings}.
 *
 * @param backend           the store's provider name; by default the cache backend's, so replicas that share a
 *                          cache share their limits too
 * @param trustForwardedFor key clients without an API key by the last address in {@code X-Forwarded-For} (the
 *                          one the load balancer in front of the service saw) instead of the connection's
 * @param spares            requests a busy client far from its limit takes ahead from a shared store
 *                          ({@code RATE_LIMIT_SPARES}); 0 makes every decision the store's
 */
public record RateLimitSettings(
        boolean enabled, String backend, RateLimitPolicy policy, boolean trustForwardedFor, int spares) {

    public static RateLimitSettings from(PluginConfig env, String cacheBackend) {
        boolean enabled = env.getBoolean("RATE_LIMIT_ENABLED", true);
        String algorithm = env.get("RATE_LIMIT_ALGORITHM", "token_bucket").toLowerCase(Locale.ROOT);
        RateLimit.Algorithm parsed = switch (algorithm) {
            case "token_bucket" -> RateLimit.Algorithm.TOKEN_BUCKET;
            case "sliding_window" -> RateLimit.Algorithm.SLIDING_WINDOW;
            default ->
                throw new PluginConfigException(
                        "RATE_LIMIT_ALGORITHM must be token_bucket or sliding_window, got '" + algorithm + "'");
        };
        RateLimitPolicy policy = new RateLimitPolicy(
                enabled,
                parsed,
                positive("RATE_LIMIT_RPM", env.getLong("RATE_LIMIT_RPM", 60)),
                positive("RATE_LIMIT_BURST", env.getLong("RATE_LIMIT_BURST", 100)),
                Duration.ofSeconds(positive("RATE_LIMIT_WINDOW_SECONDS", env.getLong("RATE_LIMIT_WINDOW_SECONDS", 60))),
                positive("RATE_LIMIT_TPM", env.getLong("RATE_LIMIT_TPM", 100_000)),
                env.getBoolean("RATE_LIMIT_FAIL_OPEN", true));
        return new RateLimitSettings(
                enabled,
                env.get("RATE_LIMIT_BACKEND", cacheBackend),
                policy,
                env.getBoolean("RATE_LIMIT_TRUST_FORWARDED_FOR", false),
                spares(env.getLong("RATE_LIMIT_SPARES", CoalescingRateLimitStore.DEFAULT_SPARES)));
    }

    private static int spares(long value) {
        if (value < 0 || value > CoalescingRateLimitStore.MAX_BATCH) {
            throw new PluginConfigException(
                    "RATE_LIMIT_SPARES must be within 0.." + CoalescingRateLimitStore.MAX_BATCH + ", got " + value);
        }
        return (int) value;
    }

    private static long positive(String name, long value) {
        if (value < 1) {
            throw new PluginConfigException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    /** Whether the store keeps its state in this process (the memory backend, or limits off): no round trips. */
    public boolean inProcess() {
        return !enabled || Settings.IN_PROCESS.equals(backend);
    }
}
