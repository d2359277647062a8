package dev.ragservice.bootstrap.plugins;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The class loaders providers are found in: the service's own, then one {@link PluginClassLoader} per
 * sub-directory of {@code PLUGINS_DIR}, over every jar in it (the plugin's own and its libraries).
 */
public final class PluginClassLoaders {

    private PluginClassLoaders() {}

    public static List<ClassLoader> create(Optional<Path> pluginsDir) {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader service = PluginClassLoaders.class.getClassLoader();
        loaders.add(service);
        if (pluginsDir.isPresent()) {
            for (Path plugin : plugins(pluginsDir.get())) {
                loaders.add(new PluginClassLoader(plugin, jars(plugin), service));
            }
        }
        return List.copyOf(loaders);
    }

    private static List<Path> plugins(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StartupException("PLUGINS_DIR=" + dir + " is not a directory");
        }
        List<Path> entries = list(dir, "PLUGINS_DIR=" + dir);
        for (Path entry : entries) {
            if (!Files.isDirectory(entry)) {
                throw new StartupException("PLUGINS_DIR holds one directory per plugin (its jar and its libraries);"
                        + " move " + entry + " into a directory of its own");
            }
        }
        return entries;
    }

    private static URL[] jars(Path plugin) {
        List<Path> jars = list(plugin, "the plugin directory " + plugin).stream()
                .filter(file -> file.getFileName().toString().endsWith(".jar"))
                .toList();
        if (jars.isEmpty()) {
            throw new StartupException("the plugin directory " + plugin + " holds no jar");
        }
        return jars.stream().map(PluginClassLoaders::url).toArray(URL[]::new);
    }

    private static List<Path> list(Path dir, String what) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new StartupException("cannot list " + what + ": " + e.getMessage(), e);
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
