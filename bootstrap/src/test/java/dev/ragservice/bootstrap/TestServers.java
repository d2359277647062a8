package dev.ragservice.bootstrap;

import dev.ragservice.bootstrap.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts the real service on a free loopback port over a data directory of the test's own. */
public final class TestServers {

    private TestServers() {}

    public static RagServer start(Path dataDir, String... extraSettings) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOST", "127.0.0.1");
        environment.put("PORT", "0");
        environment.put("DATA_DIR", dataDir.toString());
        // Tests send many requests from one address: limits far above them, so only rate-limit tests meet one.
        environment.put("RATE_LIMIT_RPM", "1000000");
        environment.put("RATE_LIMIT_BURST", "1000000");
        for (int i = 0; i + 1 < extraSettings.length; i += 2) {
            environment.put(extraSettings[i], extraSettings[i + 1]);
        }
        return RagServer.start(Settings.from(environment));
    }
}
