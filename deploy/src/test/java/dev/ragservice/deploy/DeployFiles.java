package dev.ragservice.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The repository's deployment files (deploy/, Dockerfile), read as a tool would read them. */
final class DeployFiles {

    /**
     * Maps YAML onto the fabric8 Kubernetes model and fails on any field the model does not know. The model
     * classes keep unknown fields in a catch-all map (a JSON any-setter), which would hide a misspelt
     * {@code livenesProbe}; this introspector switches the catch-all off.
     */
    static final ObjectMapper STRICT_MODEL = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            });

    private DeployFiles() {}

    /** The repository's root: the first directory up from the working directory that has deploy/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no deploy/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of a folder with one of the given extensions, sorted. */
    static List<Path> files(String folder, String... extensions) {
        try (Stream<Path> listing = Files.list(path(folder))) {
            return listing.filter(file -> Stream.of(extensions).anyMatch(file.toString()::endsWith))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty documents of a YAML file, as maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static Map<String, Object> yaml(String relative) {
        List<Map<String, Object>> documents = yamlDocuments(path(relative));
        if (documents.size() != 1) {
            throw new AssertionError(relative + " has " + documents.size() + " YAML documents, expected one");
        }
        return documents.get(0);
    }

    /** A YAML document as a typed fabric8 model object; unknown fields fail. */
    static <T> T typed(Map<String, Object> document, Class<T> type) {
        return STRICT_MODEL.convertValue(document, type);
    }
}
