/**
 * The plugin SPI of the RAG service: the small, stable contract that the domain needs from the outside world.
 *
 * <p>Plugin authors compile against this module alone. It depends on the JDK only, holds interfaces and
 * immutable records, and every provider kind is found with {@link java.util.ServiceLoader} and selected by
 * {@link dev.ragservice.ports.plugin.NamedProvider#name() name}.
 */
package dev.ragservice.ports;
