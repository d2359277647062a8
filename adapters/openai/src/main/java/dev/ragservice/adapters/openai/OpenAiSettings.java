package dev.ragservice.adapters.openai;

import dev.ragservice.ports.plugin.PluginConfig;
import dev.ragservice.ports.plugin.PluginConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an OpenAI-compatible server; shared by the embedding and the chat model.
 *
 * @param apiKey       {@code OPENAI_API_KEY}, sent as {@code Authorization: Bearer ...}; never printed
 * @param baseUrl      {@code OPENAI_BASE_URL}, including the API version path ({@code .../v1})
 * @param organization {@code OPENAI_ORGANIZATION}, sent as {@code OpenAI-Organization} when set
 * @param timeout      {@code OPENAI_TIMEOUT_MS}, the deadline of one HTTP request from connect to last byte
 */
public record OpenAiSettings(String apiKey, String baseUrl, Optional<String> organization, Duration timeout) {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public OpenAiSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static OpenAiSettings from(PluginConfig config) {
        Duration timeout = config.getMillis("OPENAI_TIMEOUT_MS", DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new PluginConfigException("OPENAI_TIMEOUT_MS must be positive, got " + timeout.toMillis());
        }
        return new OpenAiSettings(
                config.require("OPENAI_API_KEY"),
                baseUrl(config.get("OPENAI_BASE_URL", DEFAULT_BASE_URL)),
                config.get("OPENAI_ORGANIZATION"),
                timeout);
    }

    /**
     * {@code /chat/completions} or {@code /embeddings} is appended to the base URL as it is, so a URL without the
     * version path ({@code http://localhost:11434}) would only ever get 404s; say so at start-up instead.
     */
    private static String baseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new PluginConfigException("OPENAI_BASE_URL is not a URL: '" + value + "'");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new PluginConfigException("OPENAI_BASE_URL must be an http or https URL, got '" + value + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.isEmpty() || path.equals("/")) {
            throw new PluginConfigException("OPENAI_BASE_URL must include the API path, such as " + DEFAULT_BASE_URL
                    + " or http://localhost:11434/v1, got '" + value + "'");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    @Override
    public String toString() {
        // A record prints every component; the key must never reach a log.
        return "OpenAiSettings[baseUrl=" + baseUrl + ", organization=" + organization.isPresent() + ", timeout="
                + timeout + "]";
    }
}
