package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragservice.bootstrap.access.ApiKeys;
import dev.ragservice.bootstrap.observe.Dependencies;
import dev.ragservice.bootstrap.resilience.BreakerStatus;
import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.Caller;
import dev.ragservice.domain.ratelimit.BudgetUsage;
import dev.ragservice.domain.ratelimit.RateLimiter;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.Nullable;
import dev.ragservice.ports.vector.StoreStats;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** {@code GET /status}: which adapter serves each port, what the index holds, how the dependencies are. */
public final class StatusService implements HttpService {

    record Dependency(boolean available) {}

    /** Times in ISO-8601 UTC; null when they do not apply (a closed breaker has no next attempt). */
    record Breaker(
            String state,
            long failures,
            long consecutiveFailures,
            long rejected,
            @Nullable String openedAt,
            @Nullable String nextAttemptAt) {
        static Breaker of(BreakerStatus status) {
            return new Breaker(
                    status.state(),
                    status.failures(),
                    status.consecutiveFailures(),
                    status.rejected(),
                    Objects.toString(status.openedAt(), null),
                    Objects.toString(status.nextAttemptAt(), null));
        }
    }

    /**
     * The keys in force when access control is on, and what each has spent of its daily budget today (null for a
     * key without one, or when the limiter's store cannot tell).
     */
    record ApiKeysState(
            int keys,
            String loadedAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String fileError,

            List<KeyUsage> usage) {
        static ApiKeysState of(ApiKeys keys, RateLimiter limiter) {
            ApiKeys.State state = keys.state();
            List<KeyUsage> usage = keys.keys().stream()
                    .map(key -> KeyUsage.of(key, limiter.budgetToday(Caller.of(key))))
                    .toList();
            return new ApiKeysState(
                    state.keys(), state.loadedAt().toString(), state.error().orElse(null), usage);
        }
    }

    record KeyUsage(
            String id, @Nullable Long dailyTokens, @Nullable Long tokensToday) {
        static KeyUsage of(ApiKey key, Optional<BudgetUsage> budget) {
            OptionalLong daily = key.limits().tokensPerDay();
            return new KeyUsage(
                    key.id(),
                    daily.isPresent() ? daily.getAsLong() : null,
                    budget.map(BudgetUsage::usedToday).orElse(null));
        }
    }

    /**
     * @param documents null when the store cannot tell (down, or its breaker open): zero would say it is empty
     * @param apiKeys absent when access control is off
     */
    record Status(
            String status,
            Map<String, String> adapters,
            String namespace,
            @Nullable Long documents,
            @Nullable Long chunks,
            long uptimeSeconds,
            Map<String, Dependency> dependencies,
            Map<String, Breaker> circuitBreakers,
            String auth,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            ApiKeysState apiKeys) {}

    private final Dependencies dependencies;
    private final Optional<ApiKeys> keys;
    private final RateLimiter limiter;
    private final RequestContexts contexts;
    private final Json json;
    private final Instant started;

    /** @param keys empty when access control is off */
    public StatusService(
            Dependencies dependencies,
            Optional<ApiKeys> keys,
            RateLimiter limiter,
            RequestContexts contexts,
            Json json,
            Instant started) {
        this.dependencies = dependencies;
        this.keys = keys;
        this.limiter = limiter;
        this.contexts = contexts;
        this.json = json;
        this.started = started;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(Endpoint.STATUS.path(), this::status).any(Endpoint.STATUS.path(), MethodNotAllowed.allow("GET"));
    }

    private void status(ServerRequest request, ServerResponse response) {
        String namespace = JsonFields.namespace(
                request.query().first("namespace").asOptional(), contexts.defaultNamespace(request));
        boolean storeUp = dependencies.vectorStoreAvailable();
        boolean cacheUp = dependencies.cacheAvailable();
        // Down, limits fail open (or closed, refusing everyone): degraded either way, never down.
        boolean limitsUp = dependencies.rateLimitsAvailable();
        // Status must answer while the store is down: that is when operators look at it.
        Optional<StoreStats> stats = storeUp ? stats(namespace) : Optional.empty();
        Map<String, Breaker> breakers = new TreeMap<>();
        dependencies.breakers().forEach(breaker -> breakers.put(breaker.name(), Breaker.of(breaker)));
        boolean anyOpen =
                breakers.values().stream().anyMatch(breaker -> breaker.state().equals("open"));
        json.send(
                response,
                200,
                new Status(
                        !storeUp ? "down" : cacheUp && limitsUp && !anyOpen ? "ok" : "degraded",
                        dependencies.adapters(),
                        namespace,
                        stats.map(StoreStats::documents).orElse(null),
                        stats.map(StoreStats::chunks).orElse(null),
                        Duration.between(started, Instant.now()).toSeconds(),
                        Map.of(
                                "vector_store",
                                new Dependency(storeUp),
                                "cache",
                                new Dependency(cacheUp),
                                "rate_limit",
                                new Dependency(limitsUp)),
                        breakers,
                        keys.isPresent() ? "on" : "off",
                        keys.map(apiKeys -> ApiKeysState.of(apiKeys, limiter)).orElse(null)));
    }

    private Optional<StoreStats> stats(String namespace) {
        try {
            return Optional.of(dependencies.stats(namespace));
        } catch (DependencyException e) {
            return Optional.empty();
        }
    }
}
