package dev.ragservice.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables the service reads, derived from its main sources rather than listed by hand: the
 * names passed to the {@code PluginConfig} getters (directly, through a {@code (config, "NAME", ...)} helper,
 * through a {@code static final String} constant, or to the provider registry as {@code (X.class, "NAME")}),
 * in every module of the service. Plus the few variables that libraries
 * under the adapters read themselves, each checked in the library's own class file.
 */
final class ServiceEnvironment {

    private static final String GETTER =
            "(?:get|getInt|getLong|getDouble|getBoolean|getDuration|getMillis|getPath" + "|require)";
    private static final String NAME = "([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)";
    private static final Pattern LITERAL_ARGUMENT = Pattern.compile("\\b" + GETTER + "\\(\\s*\"" + NAME
            + "\"|\\(\\s*config\\s*,\\s*\"" + NAME + "\"|\\.class\\s*,\\s*\"" + NAME + "\"");
    /** The modules of the service and its plugins (not the benchmarks or the test kits). */
    private static final Pattern SERVICE_MODULES =
            Pattern.compile("(?:ports|domain|bootstrap|adapters/[^/]+|plugins/[^/]+)/src/main/java/.*");

    private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*\"" + NAME + "\"\\s*;");

    /** Variable -> the class (resource path) of the library that reads it. */
    static final Map<String, String> READ_BY_LIBRARIES = Map.of(
            // DJL under the MiniLM embedding model: no tracking call, native libraries extracted here.
            "OPT_OUT_TRACKING", "ai/djl/util/Ec2Utils.class",
            "DJL_CACHE_DIR", "ai/djl/util/Utils.class");

    private ServiceEnvironment() {}

    static Set<String> variables() {
        Set<String> names = new TreeSet<>(readBySources());
        names.addAll(READ_BY_LIBRARIES.keySet());
        return names;
    }

    /** The variables the service's own main sources read. */
    static Set<String> readBySources() {
        Set<String> names = new TreeSet<>();
        for (Path source : mainSources()) {
            String text = read(source);
            Matcher literal = LITERAL_ARGUMENT.matcher(text);
            while (literal.find()) {
                for (int group = 1; group <= literal.groupCount(); group++) {
                    if (literal.group(group) != null) {
                        names.add(literal.group(group));
                    }
                }
            }
            Matcher constant = CONSTANT.matcher(text);
            while (constant.find()) {
                if (Pattern.compile("\\b" + GETTER + "\\(\\s*" + constant.group(1) + "\\b")
                        .matcher(text)
                        .find()) {
                    names.add(constant.group(2));
                }
            }
        }
        return names;
    }

    /** Whether the library class said to read a variable contains its name (it is on the test class path). */
    static boolean libraryReads(String variable) {
        String resource = READ_BY_LIBRARIES.get(variable);
        try (InputStream in = ServiceEnvironment.class.getClassLoader().getResourceAsStream(resource)) {
            return in != null && new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(variable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(DeployFiles.root())) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> SERVICE_MODULES
                            .matcher(DeployFiles.root().relativize(file).toString())
                            .matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
