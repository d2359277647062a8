package dev.ragservice.bootstrap;

import dev.ragservice.bootstrap.access.KeysCommand;
import dev.ragservice.bootstrap.config.Settings;
import dev.ragservice.bootstrap.observe.JsonLogFormatter;
import dev.ragservice.bootstrap.plugins.StartupException;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.plugin.PluginConfigException;
import dev.ragservice.ports.vector.IncompatibleIndexException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Starts the service: {@code java -jar rag-service.jar [--port N]}; every other setting is an environment variable.
 * {@code java -jar rag-service.jar keys create ...} makes an API key instead (see {@link KeysCommand}).
 * Retrieval evaluation is a tool of its own ({@code scripts/eval}, module {@code eval}).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Before any adapter loads: DJL (under the local embedding model) must never phone home.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (args.length > 0 && args[0].equals(KeysCommand.NAME)) {
            System.exit(new KeysCommand(System.out, System.err, new SecureRandom())
                    .run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        try {
            parseArguments(args, environment);
            Settings settings = Settings.from(environment);
            configureLogging(settings.logLevel());
            long started = System.nanoTime();
            RagServer server = RagServer.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
            TerminationSignal.onTerm(server::drain);
            Logger.getLogger(Main.class.getName())
                    .info("ready on port " + server.port() + " in "
                            + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms; adapters "
                            + server.adapterNames());
        } catch (StartupException
                | PluginConfigException
                | IncompatibleIndexException
                | DependencyException
                | IllegalArgumentException e) {
            System.err.println("rag-service cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void parseArguments(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                environment.put("PORT", args[++i]);
            } else if (args[i].startsWith("--port=")) {
                environment.put("PORT", args[i].substring("--port=".length()));
            } else if (args[i].equals("eval")) {
                throw new StartupException("retrieval evaluation is a tool of its own now: scripts/eval "
                        + "(or java -jar eval/target/rag-eval.jar) with the same arguments");
            } else {
                throw new StartupException("unknown argument '" + args[i] + "'; usage: rag-service [--port N]");
            }
        }
    }

    private static void configureLogging(String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler stdout = new StreamHandler(System.out, new JsonLogFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        Level julLevel = switch (level) {
            case "TRACE", "DEBUG" -> Level.FINE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
        stdout.setLevel(julLevel);
        root.setLevel(julLevel);
        root.addHandler(stdout);
    }
}
