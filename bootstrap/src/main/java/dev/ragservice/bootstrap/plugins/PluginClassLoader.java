package dev.ragservice.bootstrap.plugins;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The class loader of one plugin directory, as Trino's: the JDK first (its parent is the platform class loader, so
 * nothing of the service's class path is visible), then the plugin's own jars, and only the SPI packages
 * ({@code dev.ragservice.ports}) from the service, so the plugin and the service share those types and nothing
 * else. A plugin can therefore bundle another version of a library the service uses (Jackson, an HTTP client) and
 * neither sees the other's.
 */
public final class PluginClassLoader extends URLClassLoader {

    private static final String SPI_PACKAGE = "dev.ragservice.ports.";

    private final Path directory;
    private final ClassLoader service;

    PluginClassLoader(Path directory, URL[] jars, ClassLoader service) {
        super("plugin:" + directory.getFileName(), jars, ClassLoader.getPlatformClassLoader());
        this.directory = directory;
        this.service = service;
    }

    /**
     * Runs {@code action} of a provider with its plugin's loader as the thread's context class loader, as Trino
     * does: libraries find their extensions through it (Jackson's modules, for one), and must find the plugin's,
     * not the service's. Built-in providers run as they are.
     */
    public static <T> T inContextOf(Object provider, Supplier<T> action) {
        if (!(provider.getClass().getClassLoader() instanceof PluginClassLoader plugin)) {
            return action.get();
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The plugin's directory in {@code PLUGINS_DIR}. */
    public Path directory() {
        return directory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return service.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(SPI_PACKAGE.replace('.', '/')) ? service.getResource(name) : super.getResource(name);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + directory + "]";
    }
}
