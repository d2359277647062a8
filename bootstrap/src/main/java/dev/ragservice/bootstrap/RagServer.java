package dev.ragservice.bootstrap;

import dev.ragservice.bootstrap.access.AccessFilter;
import dev.ragservice.bootstrap.access.ApiKeys;
import dev.ragservice.bootstrap.access.Authentication;
import dev.ragservice.bootstrap.access.Callers;
import dev.ragservice.bootstrap.application.Application;
import dev.ragservice.bootstrap.config.Operations;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.http.ConnectionDraining;
import dev.ragservice.bootstrap.http.DocumentsService;
import dev.ragservice.bootstrap.http.Endpoint;
import dev.ragservice.bootstrap.http.ErrorResponses;
import dev.ragservice.bootstrap.http.InfoService;
import dev.ragservice.bootstrap.http.Json;
import dev.ragservice.bootstrap.http.OpenAiService;
import dev.ragservice.bootstrap.http.PlaygroundService;
import dev.ragservice.bootstrap.http.QueryService;
import dev.ragservice.bootstrap.http.RequestContexts;
import dev.ragservice.bootstrap.http.StatusService;
import dev.ragservice.bootstrap.observe.Dependencies;
import dev.ragservice.bootstrap.observe.HealthChecks;
import dev.ragservice.bootstrap.observe.RagMetrics;
import dev.ragservice.bootstrap.observe.RequestObserver;
import dev.ragservice.bootstrap.ratelimit.RateLimitFilter;
import dev.ragservice.domain.answer.GenerationSettings;
import io.helidon.common.socket.SocketOptions;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The HTTP server around an {@link Application}: {@link #routing} binds every {@link Endpoint} to its service, and
 * the server adds health, metrics and the API description.
 */
public final class RagServer implements AutoCloseable {

    /** The listener of {@code /metrics} when {@code PROMETHEUS_PORT} differs from {@code PORT}. */
    public static final String METRICS_SOCKET = "metrics";

    private static final System.Logger LOG = System.getLogger(RagServer.class.getName());
    /** How often the keys file is read again: a rotated key takes effect within about this. */
    private static final Duration KEYS_FILE_CHECK = Duration.ofSeconds(1);

    private final Settings settings;
    private final Application application;
    private final Optional<ApiKeys> keys;
    private final WebServer server;
    private final AtomicBoolean accepting;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RagServer(
            Settings settings,
            Application application,
            Optional<ApiKeys> keys,
            WebServer server,
            AtomicBoolean accepting) {
        this.settings = settings;
        this.application = application;
        this.keys = keys;
        this.server = server;
        this.accepting = accepting;
    }

    /** Creates every adapter, then listens; returns once the server is ready to serve. */
    public static RagServer start(Settings settings) {
        Instant started = Instant.now();
        // Helidon's meter registry starts Helidon's service registry, which takes about as long as opening the
        // index: made on a thread of its own meanwhile (the model loads on a third).
        CompletableFuture<RagMetrics> metricsStarting = CompletableFuture.supplyAsync(
                RagMetrics::new,
                task -> Thread.ofPlatform().name("metrics-start").start(task));
        // Read first: a keys file that cannot be used stops the start before the model loads.
        Optional<ApiKeys> keys = settings.apiKeysFile().map(file -> ApiKeys.watch(file, KEYS_FILE_CHECK));
        if (keys.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "access control is off (no API_KEYS_FILE): anyone who reaches the"
                            + " port may ingest, delete and query every namespace");
        }
        Application application;
        try {
            application = Application.create(settings, () -> joined(metricsStarting));
        } catch (RuntimeException e) {
            keys.ifPresent(ApiKeys::close);
            throw e;
        }
        RagMetrics metrics = joined(metricsStarting);
        try {
            AtomicBoolean accepting = new AtomicBoolean(false);
            ErrorResponses errors = new ErrorResponses(new Json(settings.maxBodyBytes()), metrics);
            HttpRouting.Builder routing = HttpRouting.builder();
            routing(routing, settings, application, keys, metrics, accepting::get, started);
            Operations operations = settings.operations();
            WebServerConfig.Builder config = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    // How long requests in flight may finish once stop() has closed the listener.
                    .shutdownGracePeriod(operations.shutdownGrace())
                    .shutdownHook(false)
                    .connectionOptions(RagServer::socketOptions)
                    .featuresDiscoverServices(false)
                    .routing(routing)
                    .addFeature(ObserveFeature.builder()
                            .endpoint("/")
                            .observersDiscoverServices(false)
                            .addObserver(HealthChecks.observer(application.dependencies(), accepting::get))
                            .build())
                    .addFeature(OpenApiFeature.builder()
                            .staticFile("META-INF/openapi.yaml")
                            .sockets(Set.of(WebServer.DEFAULT_SOCKET_NAME))
                            .build());
            addMetrics(config, settings, errors);
            WebServer server = config.build().start();
            try {
                // Listening already (liveness answers), ready only once the model can answer.
                application.awaitReady();
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            accepting.set(true);
            return new RagServer(settings, application, keys, server, accepting);
        } catch (RuntimeException e) {
            application.close();
            keys.ifPresent(ApiKeys::close);
            throw e;
        }
    }

    private static <T> T joined(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /**
     * The service's routes. Around every request, in this order: its id, metrics and log line; then
     * {@code Connection: close} while draining; then who it is for (401 and 403 before any work); then the
     * caller's rate limit; then the endpoint's service. Errors become JSON answers in one place
     * ({@link ErrorResponses}).
     *
     * @param keys      the keys in force; empty when access control is off
     * @param accepting whether the service takes requests (false while it starts and once it drains)
     */
    public static void routing(
            HttpRouting.Builder routing,
            Settings settings,
            Application application,
            Optional<ApiKeys> keys,
            RagMetrics metrics,
            BooleanSupplier accepting,
            Instant started) {
        Json json = new Json(settings.maxBodyBytes());
        Authentication authentication =
                new Authentication(keys, new Callers(settings.rateLimits().trustForwardedFor()));
        RequestContexts contexts = new RequestContexts(settings.resilience(), settings.defaultNamespace());
        ErrorResponses errors = new ErrorResponses(json, metrics);
        routing.addFilter(new RequestObserver(metrics))
                .addFilter(new ConnectionDraining(() -> !accepting.getAsBoolean()))
                .addFilter(new AccessFilter(
                        authentication, () -> HealthChecks.ready(application.dependencies(), accepting), json))
                .addFilter(new RateLimitFilter(application.rateLimiter()))
                .register(new InfoService(json))
                .register(new DocumentsService(
                        application.ingest(),
                        json,
                        metrics,
                        contexts,
                        settings.limits(),
                        settings.maxConcurrentIngests()))
                .register(new QueryService(
                        application.answers(),
                        application.retriever().defaultMode(),
                        json,
                        metrics,
                        contexts,
                        settings.limits(),
                        errors,
                        settings.operations().streamHeartbeat()))
                .register(new OpenAiService(
                        application.answers(),
                        application.embedding(),
                        application.retriever().defaultMode(),
                        new GenerationSettings(settings.llmMaxTokens(), settings.llmTemperature()),
                        json,
                        metrics,
                        contexts,
                        settings.limits(),
                        errors,
                        settings.operations().streamHeartbeat()))
                .register(new StatusService(
                        application.dependencies(), keys, application.rateLimiter(), contexts, json, started))
                .register(new PlaygroundService());
        errors.register(routing);
    }

    /**
     * {@code /metrics} on the service's listener, or on one of its own (with JSON errors for every other path),
     * or nowhere when {@code PROMETHEUS_ENABLED=false}.
     */
    private static void addMetrics(WebServerConfig.Builder config, Settings settings, ErrorResponses errors) {
        Operations operations = settings.operations();
        if (!operations.prometheusEnabled()) {
            return;
        }
        String socket = WebServer.DEFAULT_SOCKET_NAME;
        if (operations.separateMetricsPort()) {
            socket = METRICS_SOCKET;
            HttpRouting.Builder metricsRouting = HttpRouting.builder();
            errors.register(metricsRouting);
            config.putSocket(
                    socket,
                    listener -> listener.host(settings.host())
                            .port(operations.prometheusPort().getAsInt())
                            .shutdownGracePeriod(operations.shutdownGrace())
                            .connectionOptions(RagServer::socketOptions)
                            .routing(metricsRouting));
        }
        config.addFeature(ObserveFeature.builder()
                .name("metrics")
                .endpoint("/")
                .sockets(List.of(socket))
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.create())
                .build());
    }

    /**
     * Nagle's algorithm off on every accepted connection: a response larger than the server's write buffer
     * leaves in two writes, and with Nagle on the second waits for the client's ACK of the first, which clients
     * delay by up to 40 ms. Every answer of ten paragraph-sized sources paid that.
     */
    private static void socketOptions(SocketOptions.Builder socket) {
        socket.tcpNoDelay(true);
    }

    /** The running server, for tests that check how it listens. */
    WebServer webServer() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** The port {@code /metrics} is served on; the service port unless {@code PROMETHEUS_PORT} says otherwise. */
    public int metricsPort() {
        int metricsPort = server.port(METRICS_SOCKET);
        return metricsPort > 0 ? metricsPort : server.port();
    }

    /** Which adapter serves each port. */
    public Map<String, String> adapterNames() {
        return application.adapterNames();
    }

    /** What status and health see of the dependencies. */
    public Dependencies dependencies() {
        return application.dependencies();
    }

    /**
     * The SIGTERM sequence: readiness fails at once; the service goes on serving for {@code SHUTDOWN_DELAY_SECONDS}
     * so load balancers notice and stop sending; then the listener closes and requests in flight get up to
     * {@code SHUTDOWN_GRACE_SECONDS} to finish before the adapters close.
     */
    public void drain() {
        Duration delay = settings.operations().shutdownDelay();
        LOG.log(
                System.Logger.Level.INFO,
                "shutting down: readiness fails now; listener closes in "
                        + delay.toMillis() + " ms, then requests in flight get up to "
                        + settings.operations().shutdownGrace().toSeconds() + " s");
        accepting.set(false);
        if (delay.isPositive()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
        LOG.log(System.Logger.Level.INFO, "stopped");
    }

    /** Fails readiness first, so a load balancer stops sending before the server stops. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            accepting.set(false);
            server.stop();
            application.close();
            keys.ifPresent(ApiKeys::close);
        }
    }
}
