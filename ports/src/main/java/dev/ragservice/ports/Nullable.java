package dev.ragservice.ports;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated field, parameter or return value may be null; one not so marked never is. The build's NullAway
 * pass (which knows any annotation named {@code Nullable}) holds the service and every built-in plugin to it.
 *
 * <p>The SPI's own rather than JSpecify's because this module depends on the JDK alone: a plugin compiles
 * against nothing else. Kept in the class files, so a tool checking a plugin against the compiled SPI sees it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Nullable {}
