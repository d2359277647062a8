package dev.ragservice.plugins.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Options;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * The HTTP transport of the official client, over Apache HttpClient 5: every node of {@code OPENSEARCH_URL} (the
 * client spreads requests over them and retries another when one cannot be reached), basic credentials when set,
 * JSON through Jackson.
 */
final class OpenSearchTransports {

    private OpenSearchTransports() {}

    static OpenSearchTransport create(OpenSearchSettings settings) {
        HttpHost[] hosts =
                settings.urls().stream().map(OpenSearchTransports::host).toArray(HttpHost[]::new);
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        settings.username().ifPresent(username -> {
            UsernamePasswordCredentials secret = new UsernamePasswordCredentials(
                    username, settings.password().orElseThrow().toCharArray());
            for (HttpHost host : hosts) {
                credentials.setCredentials(new AuthScope(host), secret);
            }
        });
        return ApacheHttpClient5TransportBuilder.builder(hosts)
                // An ObjectMapper of its own: no module discovery, whatever class loaders the host has.
                .setMapper(new JacksonJsonpMapper(new ObjectMapper()))
                .setHttpClientConfigCallback(client -> client.setDefaultCredentialsProvider(credentials))
                .setOptions(options(settings.timeout()))
                .build();
    }

    /** A request that waits at most {@code timeLeft} for a connection and for the answer. */
    static ApacheHttpClient5Options options(Duration timeLeft) {
        Timeout timeout = Timeout.ofMilliseconds(Math.max(1, timeLeft.toMillis()));
        return ApacheHttpClient5Options.DEFAULT.toBuilder()
                .setRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout)
                        .setConnectionRequestTimeout(timeout)
                        .build())
                .build();
    }

    private static HttpHost host(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return new HttpHost(url.getScheme(), url.getHost(), port);
    }
}
