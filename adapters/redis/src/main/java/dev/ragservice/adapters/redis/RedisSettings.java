package dev.ragservice.adapters.redis;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Redis settings, read from the environment-variable names users know. The password lives here and
 * nowhere else, so {@link #toString()} leaves it out.
 */
record RedisSettings(
        String host,
        int port,
        boolean tls,
        String user,
        String password,
        int database,
        int poolSize,
        Duration timeout,
        String keyPrefix) {

    static final String URL = "REDIS_URL";
    static final String PASSWORD = "REDIS_PASSWORD";
    static final String DATABASE = "REDIS_DATABASE";
    static final String POOL_SIZE = "REDIS_POOL_SIZE";
    static final String TIMEOUT_MS = "REDIS_TIMEOUT_MS";
    static final String KEY_PREFIX = "REDIS_KEY_PREFIX";

    private static final int DEFAULT_PORT = 6379;

    static RedisSettings from(PluginConfig config) {
        URI uri = parse(config.require(URL));
        boolean tls = switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase()) {
            case "redis" -> false;
            case "rediss" -> true;
            // The URL itself is never echoed: it may carry the password.
            default -> throw new PluginConfigException(URL + " must start with redis:// or rediss://");
        };
        // The authority is split by hand: java.net.URI gives up on host names with '_' (Docker Compose
        // service names), and then reports neither host nor user info.
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String[] credentials = credentials(at < 0 ? "" : authority.substring(0, at));
        String hostAndPort = authority.substring(at + 1);
        int colon = hostAndPort.lastIndexOf(':');
        boolean hasPort = colon > hostAndPort.lastIndexOf(']');
        String host = hasPort ? hostAndPort.substring(0, colon) : hostAndPort;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new PluginConfigException(URL + " must name a host, as in redis://host:6379");
        }
        int port = hasPort ? port(hostAndPort.substring(colon + 1)) : DEFAULT_PORT;
        int database = config.getInt(DATABASE, databaseOf(uri));
        if (database < 0) {
            throw new PluginConfigException(DATABASE + " must not be negative, got " + database);
        }
        int poolSize = config.getInt(POOL_SIZE, 16);
        if (poolSize < 1) {
            throw new PluginConfigException(POOL_SIZE + " must be at least 1, got " + poolSize);
        }
        Duration timeout = config.getMillis(TIMEOUT_MS, Duration.ofMillis(50));
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new PluginConfigException(TIMEOUT_MS + " must be a positive number of milliseconds");
        }
        return new RedisSettings(
                host,
                port,
                tls,
                credentials[0],
                config.get(PASSWORD).orElse(credentials[1]),
                database,
                poolSize,
                timeout,
                config.get(KEY_PREFIX, ""));
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new PluginConfigException(URL + " is not a valid URL (redis://[:password@]host:port[/db])");
        }
    }

    /** User and password from {@code user:password} or {@code :password}; either may be null. */
    private static String[] credentials(String userInfo) {
        if (userInfo.isEmpty()) {
            return new String[] {null, null};
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            // redis://secret@host: a lone word is the password, as redis-cli reads it.
            return new String[] {null, decode(userInfo)};
        }
        String user = decode(userInfo.substring(0, colon));
        return new String[] {user.isEmpty() ? null : user, decode(userInfo.substring(colon + 1))};
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PluginConfigException(URL + " has an invalid port: " + text);
    }

    private static int databaseOf(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw new PluginConfigException(URL + " must end with a database number (/0, /1, ...) or nothing");
        }
    }

    /** Percent-decoding only: a '+' in a password is a plus, not a space. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // The decoder's own message quotes the input, which may be the password.
            throw new PluginConfigException(URL + " has a malformed %-escape in its user or password");
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[" + (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database
                + ", password " + (password == null ? "unset" : "set") + ", poolSize " + poolSize
                + ", timeout " + timeout.toMillis() + "ms, keyPrefix '" + keyPrefix + "']";
    }
}
