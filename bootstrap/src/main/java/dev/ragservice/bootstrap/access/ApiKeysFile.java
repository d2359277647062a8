package dev.ragservice.bootstrap.access;

import dev.ragservice.domain.access.ApiKey;
import dev.ragservice.domain.access.KeyLimits;
import dev.ragservice.domain.access.KeyRing;
import dev.ragservice.domain.access.NamespaceGrant;
import dev.ragservice.domain.access.Scope;
import dev.ragservice.ports.Nullable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code API_KEYS_FILE}, the keys the service accepts, in exactly this form (a Kubernetes Secret mounted as
 * a file):
 *
 * <pre>
 * keys:
 *   - id: acme-reader
 *     sha256: 5f2b...e1          # hex SHA-256 of the whole key string
 *     scopes: [query]            # query, ingest, admin
 *     namespaces: [acme]         # or "*" for every namespace
 *     rpm: 120                   # optional, overrides RATE_LIMIT_RPM for this key
 *     tpm: 50000                 # optional, overrides RATE_LIMIT_TPM
 *     daily_tokens: 2000000      # optional budget per UTC day
 * </pre>
 *
 * Anything else (an unknown field, a missing one, a wrong type) is an error that names the key and the field:
 * a misspelt {@code scope} must not silently give a key no rights, nor {@code namespace} all of them.
 */
final class ApiKeysFile {

    private static final Set<String> FIELDS =
            Set.of("id", "sha256", "scopes", "namespaces", "rpm", "tpm", "daily_tokens");

    private ApiKeysFile() {}

    /** @throws IllegalArgumentException naming what is wrong, and where */
    static KeyRing parse(String yaml) {
        Object document;
        try {
            // SafeConstructor: plain maps, lists and scalars only, never an arbitrary class.
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("keys") instanceof List<?> entries)) {
            throw new IllegalArgumentException("the file must hold a list 'keys'");
        }
        if (root.size() != 1) {
            throw new IllegalArgumentException("the file may hold 'keys' only");
        }
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            keys.add(key(i, entries.get(i)));
        }
        return new KeyRing(keys);
    }

    private static ApiKey key(int index, Object entry) {
        if (!(entry instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("keys[" + index + "] must be a map of fields");
        }
        String where = fields.get("id") instanceof String id ? "key '" + id + "'" : "keys[" + index + "]";
        for (Object field : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(field))) {
                throw new IllegalArgumentException(where + ": unknown field '" + field + "'; known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        try {
            return new ApiKey(
                    text(fields, "id"),
                    text(fields, "sha256"),
                    scopes(fields.get("scopes")),
                    namespaces(fields.get("namespaces")),
                    new KeyLimits(number(fields, "rpm"), number(fields, "tpm"), number(fields, "daily_tokens")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static String text(Map<?, ?> fields, String name) {
        if (fields.get(name) instanceof Number) {
            // A hash of digits only reads as a number, and loses its leading zeros.
            throw new IllegalArgumentException("'" + name + "' must be text: put it in quotes");
        }
        if (!(fields.get(name) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required and must be text");
        }
        return value;
    }

    private static Set<Scope> scopes(@Nullable Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("'scopes' must be a list of query, ingest, admin");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Object scope : list) {
            scopes.add(Scope.parse(String.valueOf(scope)));
        }
        return scopes;
    }

    private static NamespaceGrant namespaces(@Nullable Object value) {
        if ("*".equals(value)) {
            return NamespaceGrant.ALL;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("'namespaces' must be a list of namespaces, or \"*\" for all");
        }
        List<String> names = new ArrayList<>();
        for (Object name : list) {
            if ("*".equals(name)) {
                return NamespaceGrant.ALL;
            }
            names.add(String.valueOf(name));
        }
        return NamespaceGrant.of(names);
    }

    private static OptionalLong number(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
            throw new IllegalArgumentException("'" + name + "' must be a positive whole number");
        }
        return OptionalLong.of(((Number) value).longValue());
    }
}
