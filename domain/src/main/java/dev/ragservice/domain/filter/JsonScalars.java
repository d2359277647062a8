package dev.ragservice.domain.filter;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.ports.vector.MetadataValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The JSON scalars (string, number, boolean) that metadata values and filter operands are made of. */
final class JsonScalars {

    private JsonScalars() {}

    static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** The scalar as a metadata value; callers check {@link #isScalar(Object)} first. */
    static MetadataValue toMetadata(Object value, String where, String errorCode) {
        return switch (value) {
            case String text -> new MetadataValue.Text(text);
            case Boolean bool -> new MetadataValue.Bool(bool);
            case Number number -> new MetadataValue.Number(toDouble(number, where, errorCode));
            default -> throw new IllegalArgumentException("not a JSON scalar: " + describe(value));
        };
    }

    private static double toDouble(Number number, String where, String errorCode) {
        double value = number.doubleValue();
        if (!Double.isFinite(value)) {
            throw new InvalidRequestException(errorCode, where + ": the number " + number + " is out of range");
        }
        BigDecimal integer = switch (number) {
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger big -> new BigDecimal(big);
            case BigDecimal decimal when decimal.stripTrailingZeros().scale() <= 0 -> decimal;
            default -> null; // int, short, byte always fit; fractions are approximate anyway
        };
        if (integer != null && new BigDecimal(value).compareTo(integer) != 0) {
            // An id like 9007199254740993 would silently become ...992 and match the wrong documents.
            throw new InvalidRequestException(
                    errorCode,
                    where + ": the integer " + number
                            + " cannot be kept exactly (integers beyond 2^53 lose digits); send it as a string");
        }
        return value;
    }

    /** A short description of a JSON value for error messages; never a long user text. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> text.length() <= 40 ? "the string \"" + text + "\"" : "a string";
            case Number number -> "the number " + number;
            case Boolean bool -> bool.toString();
            case List<?> list -> "a list";
            case Map<?, ?> map -> "an object";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
