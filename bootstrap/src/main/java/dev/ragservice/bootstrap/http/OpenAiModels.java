package dev.ragservice.bootstrap.http;

import dev.ragservice.domain.access.NamespaceGrant;
import java.util.ArrayList;
import java.util.List;

/**
 * The model names of the OpenAI-compatible API: a client picks a collection by model, {@code rag} for the
 * service's default namespace and {@code rag:<namespace>} for the others.
 */
final class OpenAiModels {

    static final String PREFIX = "rag";

    private OpenAiModels() {}

    static String idOf(String namespace, String defaultNamespace) {
        return namespace.equals(defaultNamespace) ? PREFIX : PREFIX + ":" + namespace;
    }

    /** @throws ApiException 404 {@code model_not_found} for a name that is not one of ours */
    static String namespaceOf(String model, String defaultNamespace) {
        if (model.equals(PREFIX)) {
            return defaultNamespace;
        }
        if (model.startsWith(PREFIX + ":") && model.length() > PREFIX.length() + 1) {
            return JsonFields.namespace(java.util.Optional.of(model.substring(PREFIX.length() + 1)), defaultNamespace);
        }
        throw new ApiException(
                404,
                "model_not_found",
                "the model '" + model + "' does not exist: use 'rag' or 'rag:<namespace>' (GET /v1/models lists them)");
    }

    /** One model per namespace the grant allows; a grant of every namespace lists the default one. */
    static List<String> ids(NamespaceGrant grant, String defaultNamespace) {
        List<String> ids = new ArrayList<>();
        if (grant.all()) {
            ids.add(PREFIX);
        }
        for (String namespace : grant.names()) {
            String id = idOf(namespace, defaultNamespace);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
