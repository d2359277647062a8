package dev.ragservice.benchmarks;

import dev.ragservice.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bootstrap/target/rag-service.jar}, started in a process of its own as users start it ({@link
 * #LAUNCH_OPTIONS}), with the JVM options given in {@code -Dservice.options} (space-separated), e.g. a flight recording of the service during a
 * run: {@code -Dservice.options=-XX:StartFlightRecording=filename=/tmp/query.jfr,settings=profile}.
 */
public record ServiceJar(Path jar, List<String> jvmOptions) {

    /**
     * How long a benchmark waits for the service to stop after SIGTERM. Benchmarks stop it this way rather than
     * by the kill of {@link ServiceProcess#close()}: a flight recording is written only when the JVM exits.
     */
    public static final Duration STOPPING = Duration.ofSeconds(30);

    /**
     * What {@code scripts/run} and the image launch the service with: Lucene's SIMD vector search, and a
     * class-data archive beside the jar (written when the first run stops, then used by every later start).
     */
    public static final List<String> LAUNCH_OPTIONS =
            List.of("--add-modules", "jdk.incubator.vector", "-XX:+AutoCreateSharedArchive");

    public ServiceJar {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The jar the build made, with {@code -Dservice.options}; fails when the jar has not been built. */
    public static ServiceJar fromBuild() {
        Path jar = Path.of("bootstrap", "target", "rag-service.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B -q package -DskipTests"
                    + " -pl bootstrap,benchmarks -am), and run from the repository's root");
        }
        String options = System.getProperty("service.options", "").trim();
        List<String> jvmOptions = new ArrayList<>(LAUNCH_OPTIONS);
        jvmOptions.add("-XX:SharedArchiveFile=" + freshArchive(jar));
        if (!options.isEmpty()) {
            jvmOptions.addAll(List.of(options.split("\\s+")));
        }
        return new ServiceJar(jar, jvmOptions);
    }

    /**
     * The class-data archive beside the jar, deleted first when a jar is newer than it: the JVM ignores an archive
     * of other jars without writing a new one (as {@code scripts/run} does).
     */
    private static Path freshArchive(Path jar) {
        Path archive = jar.resolveSibling("rag-service.jsa");
        try {
            if (Files.isRegularFile(archive)) {
                FileTime written = Files.getLastModifiedTime(archive);
                List<Path> jars = new ArrayList<>(List.of(jar));
                try (Stream<Path> libs = Files.list(jar.resolveSibling("libs"))) {
                    libs.forEach(jars::add);
                }
                for (Path each : jars) {
                    if (Files.getLastModifiedTime(each).compareTo(written) > 0) {
                        Files.delete(archive);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + archive, e);
        }
        return archive;
    }

    /**
     * Starts the service and waits until it is ready.
     *
     * @param settings environment variables as name/value pairs, over {@link ServiceProcess}'s defaults
     */
    public ServiceProcess start(Path workDir, String... settings) {
        return ServiceProcess.fromJar(workDir, jar, jvmOptions, settings);
    }
}
