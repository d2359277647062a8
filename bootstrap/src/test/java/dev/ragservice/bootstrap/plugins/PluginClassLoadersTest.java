package dev.ragservice.bootstrap.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.ports.cache.CacheProvider;
import dev.ragservice.ports.plugin.PluginConfig;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin directory as an operator installs one: the plugin's jar, compiled here against the ports alone, beside a
 * library the service also has, in another version (jackson-core 2.17.2; the service has Helidon's). The plugin's
 * own class loader must give the plugin its own version, the ports types of the service, nothing else of the
 * service, and only the settings the plugin declares.
 */
class PluginClassLoadersTest {

    static final String CONFLICTING_JACKSON = "2.17.2";

    /** A cache provider that reports what it sees: the Jackson version it loaded and the settings it was given. */
    static final String PROBE = """
            package probe;

            import dev.ragservice.ports.cache.Cache;
            import dev.ragservice.ports.cache.CacheProvider;
            import dev.ragservice.ports.plugin.PluginConfig;
            import java.time.Duration;
            import java.util.Optional;

            public final class ProbeCacheProvider implements CacheProvider {
                public String name() {
                    return "probe";
                }

                public Cache create(PluginConfig config) {
                    String seen = com.fasterxml.jackson.core.json.PackageVersion.VERSION + " " + config.names()
                            + " " + visible("io.helidon.webserver.WebServer") + " "
                            + (Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()
                                    ? "in its own context" : "in the service's context");
                    return new Cache() {
                        public Optional<byte[]> get(String key) { return Optional.empty(); }
                        public void put(String key, byte[] value, Duration ttl) { }
                        public long increment(String key) { return 0; }
                        public long counter(String key) { return 0; }
                        public boolean isAvailable() { return true; }
                        public String toString() { return seen; }
                    };
                }

                private static String visible(String className) {
                    try {
                        Class.forName(className);
                        return "sees " + className;
                    } catch (ClassNotFoundException e) {
                        return "cannot see " + className;
                    }
                }
            }
            """;

    @TempDir
    Path pluginsDir;

    @TempDir
    Path build;

    @Test
    void aPluginGetsItsOwnLibrariesTheServicesPortsAndNothingElse() throws IOException {
        installProbe(pluginsDir.resolve("probe"));

        CacheProvider provider = ProviderRegistry.load(
                        CacheProvider.class, "CACHE_BACKEND", PluginClassLoaders.create(Optional.of(pluginsDir)))
                .select("probe");
        PluginConfig given = ProviderConfigs.given(
                provider,
                PluginConfig.of(
                        Map.of("PROBE_REGION", "eu", "OPENAI_API_KEY", "sk-not-for-plugins", "DATA_DIR", "/data")));
        String seen = PluginClassLoader.inContextOf(provider, () -> provider.create(given))
                .toString();

        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString())
                .as("the service's own Jackson")
                .isNotEqualTo(CONFLICTING_JACKSON);
        assertThat(seen)
                .isEqualTo(CONFLICTING_JACKSON + " [PROBE_REGION] cannot see io.helidon.webserver.WebServer"
                        + " in its own context");
        assertThat(ProviderConfigs.origin(provider)).isEqualTo("plugin " + pluginsDir.resolve("probe"));
    }

    @Test
    void builtInProvidersAreFoundAndKeepEverySetting() {
        CacheProvider memory = ProviderRegistry.load(
                        CacheProvider.class, "CACHE_BACKEND", PluginClassLoaders.create(Optional.empty()))
                .select("memory");
        PluginConfig all = PluginConfig.of(Map.of("CACHE_MAX_BYTES", "1000", "OPENAI_API_KEY", "sk"));

        assertThat(ProviderConfigs.isPlugin(memory)).isFalse();
        assertThat(ProviderConfigs.given(memory, all).names()).containsExactly("CACHE_MAX_BYTES", "OPENAI_API_KEY");
    }

    @Test
    void aJarOutsideAPluginDirectoryStopsTheServiceWithAMessage() throws IOException {
        Files.writeString(pluginsDir.resolve("loose.jar"), "");

        assertThatThrownBy(() -> PluginClassLoaders.create(Optional.of(pluginsDir)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("one directory per plugin")
                .hasMessageContaining("loose.jar");
    }

    @Test
    void aPluginDirectoryWithoutAJarStopsTheService() throws IOException {
        Files.createDirectories(pluginsDir.resolve("empty"));

        assertThatThrownBy(() -> PluginClassLoaders.create(Optional.of(pluginsDir)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("holds no jar");
    }

    @Test
    void aPluginProviderNamedLikeABuiltInOneStopsTheService() throws IOException {
        installProbe(pluginsDir.resolve("probe"), PROBE.replace("return \"probe\";", "return \"memory\";"));

        assertThatThrownBy(() -> ProviderRegistry.load(
                        CacheProvider.class, "CACHE_BACKEND", PluginClassLoaders.create(Optional.of(pluginsDir))))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("named 'memory'")
                .hasMessageContaining("plugin " + pluginsDir.resolve("probe"));
    }

    private void installProbe(Path directory) throws IOException {
        installProbe(directory, PROBE);
    }

    /** Compiles the probe against the ports and the conflicting Jackson, and installs both as a plugin directory. */
    private void installProbe(Path directory, String source) throws IOException {
        Files.createDirectories(directory);
        Path jackson = Files.copy(
                conflictingJackson(), directory.resolve(conflictingJackson().getFileName()));
        Path sources = Files.createDirectories(build.resolve("src/probe"));
        Files.writeString(sources.resolve("ProbeCacheProvider.java"), source);
        Path classes = Files.createDirectories(build.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "--release",
                        "21",
                        "-cp",
                        location(CacheProvider.class) + File.pathSeparator + jackson,
                        sources.resolve("ProbeCacheProvider.java").toString());
        assertThat(status).as("the probe compiles").isZero();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(directory.resolve("probe.jar")));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                write(jar, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            write(
                    jar,
                    "META-INF/services/" + CacheProvider.class.getName(),
                    "probe.ProbeCacheProvider\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void write(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /** Copied next to the test classes by the build (maven-dependency-plugin, see bootstrap/pom.xml). */
    private static Path conflictingJackson() {
        return Path.of(location(PluginClassLoadersTest.class))
                .getParent()
                .resolve("conflicting-jackson/jackson-core-" + CONFLICTING_JACKSON + ".jar");
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
