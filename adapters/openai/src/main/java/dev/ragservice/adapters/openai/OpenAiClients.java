package dev.ragservice.adapters.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.LogLevel;

import java.time.Duration;

/** Builds the SDK client the same way for both models, with every SDK behaviour we own ourselves turned off. */
final class OpenAiClients {

    /**
     * How long an idle connection stays pooled. OkHttp reuses a pooled connection idle under ten seconds without
     * checking it, and the SDK turns off OkHttp's silent retry of a request that met a connection the server had
     * already closed; so a connection must leave the pool before common servers drop it (uvicorn under vLLM,
     * llama.cpp and Node close idle connections after 5 s), or the next request fails as UNAVAILABLE.
     */
    static final Duration IDLE_CONNECTION_LIFETIME = Duration.ofSeconds(4);
    /** Idle connections kept per client; more are closed, not refused. */
    private static final int MAX_IDLE_CONNECTIONS = 16;

    private OpenAiClients() {
    }

    static OpenAIClient create(OpenAiSettings settings) {
        return create(settings, IDLE_CONNECTION_LIFETIME);
    }

    static OpenAIClient create(OpenAiSettings settings, Duration idleConnectionLifetime) {
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .apiKey(settings.apiKey())
                .baseUrl(settings.baseUrl())
                .timeout(settings.timeout())
                // The service's fault-tolerance layer retries; SDK retries underneath would multiply attempts
                // and hide 429s and 5xx from it.
                .maxRetries(0)
                // X-Stainless-* and the SDK's User-Agent describe our JVM and OS to the provider; no need.
                .disableTelemetry(true)
                // OPENAI_LOG=debug would make the SDK print request bodies (document text) to stderr.
                .logLevel(LogLevel.OFF)
                .maxIdleConnections(MAX_IDLE_CONNECTIONS)
                .keepAliveDuration(idleConnectionLifetime);
        settings.organization().ifPresent(builder::organization);
        return builder.build();
    }
}
