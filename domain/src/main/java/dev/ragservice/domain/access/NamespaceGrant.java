package dev.ragservice.domain.access;

import java.util.List;
import java.util.Objects;

/**
 * The namespaces a key may use: a list (the first is where its requests go when they name none), or every one.
 *
 * @param names empty when {@code all}
 */
public record NamespaceGrant(boolean all, List<String> names) {

    public static final NamespaceGrant ALL = new NamespaceGrant(true, List.of());

    public NamespaceGrant {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        if (!all && names.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one namespace, or \"*\" for all");
        }
    }

    public static NamespaceGrant of(List<String> names) {
        return new NamespaceGrant(false, names);
    }

    public boolean allows(String namespace) {
        return all || names.contains(namespace);
    }

    /** Where a request that names no namespace goes: the first granted one, or the service's default. */
    public String defaultNamespace(String serviceDefault) {
        return all ? serviceDefault : names.getFirst();
    }
}
