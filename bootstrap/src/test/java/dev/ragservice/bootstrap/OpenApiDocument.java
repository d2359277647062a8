package dev.ragservice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * The service's OpenAPI document ({@code META-INF/openapi.yaml}) as tests read it: its operations, and the schema
 * a response of an operation must conform to, validated as JSON Schema 2020-12 (the dialect of OpenAPI 3.1).
 */
final class OpenApiDocument {

    static final String RESOURCE = "META-INF/openapi.yaml";
    static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final JsonNode root;
    private final SchemaRegistry schemas = SchemaRegistry.withDialect(
            Dialects.getOpenApi31(), registry -> registry.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    static OpenApiDocument fromClasspath() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return new OpenApiDocument(parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parseYaml(String yaml) {
        Object loaded = new Yaml().load(yaml);
        return TestClient.MAPPER.valueToTree(loaded);
    }

    JsonNode root() {
        return root;
    }

    /** Every operation as "METHOD /path", sorted. */
    TreeSet<String> operations() {
        TreeSet<String> operations = new TreeSet<>();
        root.get("paths")
                .properties()
                .forEach(path -> METHODS.forEach(method -> {
                    if (path.getValue().has(method)) {
                        operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return operations;
    }

    /** The node a local reference ({@code #/components/...}) points at, or a missing node. */
    JsonNode resolve(String ref) {
        assertThat(ref).as("only local references").startsWith("#/");
        return root.at(ref.substring(1));
    }

    /** Every {@code $ref} anywhere in the document. */
    List<String> references() {
        List<String> refs = new ArrayList<>();
        collectReferences(root, refs);
        return refs;
    }

    /** The documented response of an operation for a status, with references followed. */
    JsonNode response(String method, String path, int status) {
        JsonNode response = root.path("paths")
                .path(path)
                .path(method.toLowerCase(Locale.ROOT))
                .path("responses")
                .path(Integer.toString(status));
        assertThat(response.isMissingNode())
                .as("%s %s documents status %d", method, path, status)
                .isFalse();
        return response.has("$ref") ? resolve(response.get("$ref").asText()) : response;
    }

    /** Validation errors of a JSON body against the schema of the documented response. */
    List<String> violations(String method, String path, int status, JsonNode body) {
        JsonNode schema = response(method, path, status)
                .path("content")
                .path("application/json")
                .path("schema");
        assertThat(schema.has("$ref"))
                .as("%s %s %d has a JSON schema reference", method, path, status)
                .isTrue();
        return violations(schema.get("$ref").asText(), body);
    }

    /** Validation errors of an instance against a schema of the document ({@code #/components/schemas/X}). */
    List<String> violations(String schemaRef, JsonNode instance) {
        Schema schema = schemas.getSchema(SchemaLocation.of("classpath:" + RESOURCE + schemaRef));
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

    private static void collectReferences(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, refs));
        }
    }
}
