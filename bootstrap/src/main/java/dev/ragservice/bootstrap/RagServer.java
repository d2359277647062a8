package dev.ragservice.bootstrap;

import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.http.DocumentsService;
import dev.ragservice.bootstrap.http.ErrorResponses;
import dev.ragservice.bootstrap.http.InfoService;
import dev.ragservice.bootstrap.http.Json;
import dev.ragservice.bootstrap.http.QueryService;
import dev.ragservice.bootstrap.http.StatusService;
import dev.ragservice.bootstrap.observe.HealthChecks;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.observe.RequestObserver;
import dev.ragservice.bootstrap.ratelimit.RateLimitFilter;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** The HTTP server around a {@link RagApplication}: routes, error mapping, health and metrics. */
public final class RagServer implements AutoCloseable {

    private final RagApplication application;
    private final WebServer server;
    private final AtomicBoolean accepting;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RagServer(RagApplication application, WebServer server, AtomicBoolean accepting) {
        this.application = application;
        this.server = server;
        this.accepting = accepting;
    }

    /** Creates every adapter, then listens; returns once the server is ready to serve. */
    public static RagServer start(Settings settings) {
        Instant started = Instant.now();
        RagMetrics metrics = new RagMetrics();
        RagApplication application = RagApplication.create(settings, metrics);
        try {
            AtomicBoolean accepting = new AtomicBoolean(false);
            Json json = new Json(settings.maxBodyBytes());
            ErrorResponses errors = new ErrorResponses(json, metrics);
            HttpRouting.Builder routing = HttpRouting.builder()
                    .addFilter(new RequestObserver(metrics))
                    .addFilter(new RateLimitFilter(application.rateLimiter(), application.requestClient(),
                            settings.rateLimits().trustForwardedFor()))
                    .register("/documents", new DocumentsService(application.ingest(), json, metrics,
                            settings.defaultNamespace()))
                    .register("/query", new QueryService(application.answer(), application.retriever().defaultMode(),
                            json, settings.defaultNamespace()))
                    .register("/status", new StatusService(application, json, started))
                    .register("/", new InfoService(json));
            errors.register(routing);
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .routing(routing)
                    .addFeature(ObserveFeature.builder()
                            .endpoint("/")
                            .observersDiscoverServices(false)
                            .addObserver(HealthChecks.observer(application.embeddingModel(),
                                    application.vectorStore(), application.cache(), accepting))
                            .addObserver(MetricsObserver.create())
                            .build())
                    .build()
                    .start();
            accepting.set(true);
            return new RagServer(application, server, accepting);
        } catch (RuntimeException e) {
            application.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public RagApplication application() {
        return application;
    }

    /** Fails readiness first, so a load balancer stops sending before the server stops. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            accepting.set(false);
            server.stop();
            application.close();
        }
    }
}
