package dev.ragservice.ports.plugin;

/**
 * What every provider interface shares: the name by which configuration selects it
 * (for example {@code VECTOR_STORE=lucene}). Names are lower case and unique per provider kind.
 */
public interface NamedProvider {

    String name();
}
