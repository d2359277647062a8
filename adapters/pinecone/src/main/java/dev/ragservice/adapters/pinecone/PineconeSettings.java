package dev.ragservice.adapters.pinecone;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Pinecone settings, by the variable names Pinecone users know.
 *
 * @param apiKey  {@code PINECONE_API_KEY}, required
 * @param index   {@code PINECONE_INDEX}: the index name, looked up on Pinecone's control plane for its host
 * @param host    {@code PINECONE_HOST}: the index host itself; when set, no control-plane call is made
 * @param timeout {@code PINECONE_TIMEOUT_MS}: the deadline of every data-plane call
 */
record PineconeSettings(String apiKey, Optional<String> index, Optional<String> host, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    static PineconeSettings from(PluginConfig config) {
        String apiKey = config.require("PINECONE_API_KEY");
        Optional<String> index = config.get("PINECONE_INDEX");
        Optional<String> host = config.get("PINECONE_HOST");
        if (index.isEmpty() && host.isEmpty()) {
            throw new PluginConfigException("PINECONE_INDEX must be set (or PINECONE_HOST, the host of the index)");
        }
        // Namespaces pass through unchanged; a second mapping here would silently put data somewhere else.
        if (config.get("PINECONE_NAMESPACE").isPresent()) {
            throw new PluginConfigException(
                    "PINECONE_NAMESPACE is not used: each request's namespace is the Pinecone"
                            + " namespace; set DEFAULT_NAMESPACE to the Pinecone namespace that requests naming none should use");
        }
        Duration timeout = config.getMillis("PINECONE_TIMEOUT_MS", DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new PluginConfigException("PINECONE_TIMEOUT_MS must be positive, got " + timeout.toMillis());
        }
        return new PineconeSettings(apiKey, index, host, timeout);
    }

    /**
     * Whether a host is this machine, where a test double speaks plain HTTP/2. Only literal loopback names count
     * (no DNS lookup), so a real index host always gets TLS.
     */
    static boolean isLoopback(String host) {
        String name = host.replaceFirst("^[a-zA-Z]+://", "");
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equalsIgnoreCase("localhost")
                || name.equals("::1")
                || IPV4_LOOPBACK.matcher(name).matches();
    }

    @Override
    public String toString() {
        // Never the key.
        return "PineconeSettings[index=" + index.orElse("-") + ", host=" + host.orElse("-") + ", timeout="
                + timeout.toMillis() + "ms]";
    }
}
