package dev.ragservice.plugins.opensearch;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The plugin's settings; it is given nothing else (the service hands a plugin only the {@code OPENSEARCH_*}
 * variables).
 *
 * @param urls     {@code OPENSEARCH_URL}: one node or a load balancer, or several nodes separated by commas (the
 *                 client spreads requests over them and skips one that is down)
 * @param index    {@code OPENSEARCH_INDEX}, default {@code rag-chunks}: created when missing
 * @param username {@code OPENSEARCH_USERNAME}, with {@code OPENSEARCH_PASSWORD} (a secret): HTTP basic credentials
 * @param timeout  {@code OPENSEARCH_TIMEOUT_MS}, default 5000: the longest any one request may take (less when the
 *                 caller's deadline is nearer)
 * @param shards   {@code OPENSEARCH_SHARDS}, default 1, and {@code OPENSEARCH_REPLICAS}, default 1: used only when
 *                 the plugin creates the index
 */
record OpenSearchSettings(
        List<URI> urls,
        String index,
        Optional<String> username,
        Optional<String> password,
        Duration timeout,
        int shards,
        int replicas) {

    static final String URL = "OPENSEARCH_URL";
    static final String INDEX = "OPENSEARCH_INDEX";
    static final String USERNAME = "OPENSEARCH_USERNAME";
    static final String PASSWORD = "OPENSEARCH_PASSWORD";
    static final String TIMEOUT = "OPENSEARCH_TIMEOUT_MS";
    static final String SHARDS = "OPENSEARCH_SHARDS";
    static final String REPLICAS = "OPENSEARCH_REPLICAS";
    static final String DEFAULT_INDEX = "rag-chunks";

    /** OpenSearch's rules for index names, less the ones that only matter for hidden and system indexes. */
    private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9_.+-]{0,254}");

    static OpenSearchSettings from(PluginConfig config) {
        List<URI> urls = Arrays.stream(config.require(URL).split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(OpenSearchSettings::url)
                .toList();
        String index = config.get(INDEX, DEFAULT_INDEX);
        if (!INDEX_NAME.matcher(index).matches()) {
            throw new PluginConfigException(INDEX + " must be a lower-case OpenSearch index name, got '" + index + "'");
        }
        Optional<String> username = config.get(USERNAME);
        Optional<String> password = config.get(PASSWORD);
        if (username.isPresent() != password.isPresent()) {
            throw new PluginConfigException(USERNAME + " and " + PASSWORD + " go together: set both or neither");
        }
        Duration timeout = config.getMillis(TIMEOUT, Duration.ofSeconds(5));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new PluginConfigException(TIMEOUT + " must be positive, got " + timeout.toMillis());
        }
        return new OpenSearchSettings(
                urls,
                index,
                username,
                password,
                timeout,
                atLeast(SHARDS, config.getInt(SHARDS, 1), 1),
                atLeast(REPLICAS, config.getInt(REPLICAS, 1), 0));
    }

    private static URI url(String value) {
        URI url;
        try {
            url = URI.create(value);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null) {
            throw new PluginConfigException(
                    URL + " must be http(s)://host:port URLs separated by commas, got '" + value + "'");
        }
        // The URL is shown at start-up; a password in it would be too.
        if (url.getUserInfo() != null) {
            throw new PluginConfigException(
                    URL + " must not hold credentials: set " + USERNAME + " and " + PASSWORD + " instead");
        }
        return url;
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new PluginConfigException(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        // Never the password.
        return "OpenSearchSettings[urls=" + urls + ", index=" + index + ", username=" + username.orElse("-")
                + ", timeout=" + timeout.toMillis() + "ms, shards=" + shards + ", replicas=" + replicas + "]";
    }
}
