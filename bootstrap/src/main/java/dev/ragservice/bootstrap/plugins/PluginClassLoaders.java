package dev.ragservice.bootstrap.plugins;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The class loaders providers are found in: the service's own, then one per jar in {@code PLUGINS_DIR}.
 * Each plugin jar gets its own loader whose parent is the service's, so plugins share the {@code ports}
 * types with the service but not their own dependencies with each other (as in Trino and Kafka Connect).
 */
public final class PluginClassLoaders {

    private PluginClassLoaders() {}

    public static List<ClassLoader> create(Optional<Path> pluginsDir) {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(PluginClassLoaders.class.getClassLoader());
        if (pluginsDir.isPresent()) {
            for (Path jar : jars(pluginsDir.get())) {
                loaders.add(new URLClassLoader(
                        "plugin:" + jar.getFileName(),
                        new URL[] {url(jar)},
                        PluginClassLoaders.class.getClassLoader()));
            }
        }
        return List.copyOf(loaders);
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StartupException("PLUGINS_DIR=" + dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new StartupException("cannot list PLUGINS_DIR=" + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new StartupException("bad plugin path " + jar, e);
        }
    }
}
