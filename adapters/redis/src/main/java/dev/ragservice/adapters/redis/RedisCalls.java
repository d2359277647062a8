package dev.ragservice.adapters.redis;

import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.DependencyException.Kind;
import dev.ragservice.ports.Nullable;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs Redis calls for every port this adapter serves (cache, rate limits): one retry on a pooled connection
 * that broke while idle, and Jedis' errors translated into {@link DependencyException}s that name the setting
 * to look at.
 */
final class RedisCalls {

    static final String DEPENDENCY = "redis";

    private final RedisClient client;
    private final String endpoint;
    private final Duration timeout;

    RedisCalls(RedisClient client, RedisSettings settings) {
        this.client = client;
        this.endpoint = settings.host() + ":" + settings.port();
        this.timeout = settings.timeout();
    }

    boolean ping() {
        try {
            return "PONG".equalsIgnoreCase(client.ping());
        } catch (RuntimeException e) {
            dropIdleConnectionsAfter(e);
            return false;
        }
    }

    <T> T call(String command, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            dropIdleConnectionsAfter(e);
            if (!brokenPooledConnection(e)) {
                throw translate(command, e);
            }
        }
        // A replica that was idle while Redis restarted still holds dead pooled connections; the first call
        // finds one broken. The command never reached Redis, so one more try on a fresh connection is safe.
        try {
            return action.get();
        } catch (RuntimeException e) {
            dropIdleConnectionsAfter(e);
            throw translate(command, e);
        }
    }

    /** A connection that broke (reset, closed), as opposed to one that timed out while Redis may have acted. */
    private static boolean brokenPooledConnection(RuntimeException e) {
        return e instanceof JedisConnectionException
                && !causedBy(e, SocketTimeoutException.class)
                && !causedBy(e, java.net.ConnectException.class)
                && !causedBy(e, NoSuchElementException.class);
    }

    /**
     * After Redis restarts, every idle pooled connection is dead; without this each of them would fail one more
     * call before the pool opened fresh ones. Clearing them lets the first call after a restart succeed.
     */
    private void dropIdleConnectionsAfter(RuntimeException e) {
        if (e instanceof JedisConnectionException) {
            try {
                client.getPool().clear();
            } catch (RuntimeException ignored) {
                // The pool is closing; nothing left to drop.
            }
        }
    }

    private DependencyException translate(String command, RuntimeException e) {
        if (refusedCredentials(e)) {
            return new DependencyException(
                    DEPENDENCY,
                    Kind.UNAUTHORIZED,
                    "Redis at " + endpoint
                            + " refused the credentials (check REDIS_PASSWORD or the password in REDIS_URL): "
                            + e.getMessage(),
                    e);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return new DependencyException(
                    DEPENDENCY,
                    Kind.TIMED_OUT,
                    command + " got no answer from " + endpoint + " within " + timeout.toMillis()
                            + " ms (REDIS_TIMEOUT_MS)",
                    e);
        }
        if (causedBy(e, NoSuchElementException.class)) {
            // Commons Pool's way of saying no connection came free within maxWait.
            return new DependencyException(
                    DEPENDENCY,
                    Kind.TIMED_OUT,
                    "every pooled connection to " + endpoint + " stayed busy for " + timeout.toMillis()
                            + " ms (REDIS_POOL_SIZE, REDIS_TIMEOUT_MS)",
                    e);
        }
        if (e instanceof JedisDataException && !transientServerError(e.getMessage())) {
            return new DependencyException(
                    DEPENDENCY, Kind.REJECTED, command + " was refused by " + endpoint + ": " + e.getMessage(), e);
        }
        return new DependencyException(
                DEPENDENCY, Kind.UNAVAILABLE, command + " failed against " + endpoint + ": " + e.getMessage(), e);
    }

    private static boolean refusedCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof JedisAccessControlException
                    || message.startsWith("WRONGPASS")
                    || message.startsWith("NOAUTH")
                    || message.contains("invalid password")
                    || message.contains("invalid username-password")) {
                return true;
            }
        }
        return false;
    }

    /** Redis errors that say "not now" rather than "not this": out of memory, loading, busy, failing over. */
    private static boolean transientServerError(@Nullable String message) {
        if (message == null) {
            return false;
        }
        for (String prefix : new String[] {"OOM", "LOADING", "BUSY", "READONLY", "MASTERDOWN", "TRYAGAIN"}) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
