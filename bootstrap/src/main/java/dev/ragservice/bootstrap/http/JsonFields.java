package dev.ragservice.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Pattern;

/** Typed reads of request fields, each failing with a 400 that names the field and what it must be. */
final class JsonFields {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private JsonFields() {}

    static Optional<JsonNode> optional(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode node = optional(body, field)
                .orElseThrow(() -> ApiException.badRequest("missing_field", "'" + field + "' is required"));
        if (!node.isTextual()) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be a string");
        }
        return node.textValue();
    }

    static Optional<String> optionalText(JsonNode body, String field) {
        return optional(body, field).map(node -> {
            if (!node.isTextual()) {
                throw ApiException.badRequest("invalid_field", "'" + field + "' must be a string");
            }
            return node.textValue();
        });
    }

    static int integer(JsonNode body, String field, int defaultValue) {
        return optional(body, field)
                .map(node -> {
                    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                        throw ApiException.badRequest("invalid_field", "'" + field + "' must be an integer");
                    }
                    return node.intValue();
                })
                .orElse(defaultValue);
    }

    static boolean bool(JsonNode body, String field, boolean defaultValue) {
        return optional(body, field)
                .map(node -> {
                    if (!node.isBoolean()) {
                        throw ApiException.badRequest("invalid_field", "'" + field + "' must be true or false");
                    }
                    return node.booleanValue();
                })
                .orElse(defaultValue);
    }

    static Optional<JsonNode> array(JsonNode body, String field) {
        return optional(body, field).map(node -> {
            if (!node.isArray()) {
                throw ApiException.badRequest("invalid_field", "'" + field + "' must be an array");
            }
            return node;
        });
    }

    static String namespace(JsonNode body, String defaultNamespace) {
        return namespace(optionalText(body, "namespace"), defaultNamespace);
    }

    /** A namespace from the body or a query parameter, or the default; refused unless its name is well formed. */
    static String namespace(Optional<String> given, String defaultNamespace) {
        String namespace = given.orElse(defaultNamespace);
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw ApiException.badRequest(
                    "invalid_namespace",
                    "'namespace' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return namespace;
    }
}
