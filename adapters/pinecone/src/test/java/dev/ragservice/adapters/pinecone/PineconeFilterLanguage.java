package dev.ragservice.adapters.pinecone;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;

/**
 * Pinecone's metadata filter language as its documentation describes it, for the fake data plane: written from
 * the documentation and not from the adapter, so a wrong translation shows up as a wrong selection.
 * <ul>
 *   <li>{@code {"f": v}} is {@code {"f": {"$eq": v}}}; several fields or operators in one object must all hold.</li>
 *   <li>{@code $eq $ne} take a string, number or boolean; on a list of strings {@code $eq} means "contains".</li>
 *   <li>{@code $gt $gte $lt $lte} take a number and match numbers only.</li>
 *   <li>{@code $in $nin} take a non-empty list of strings or of numbers (at most 10,000); on a list field, any
 *       element counts.</li>
 *   <li>{@code $ne} and {@code $nin} match only records that have the field (Pinecone's behaviour since 2024).</li>
 *   <li>{@code $exists} takes a boolean; {@code $and $or} take a non-empty list of filters.</li>
 * </ul>
 * Anything else is refused with INVALID_ARGUMENT, as Pinecone refuses it. Numbers compare as IEEE doubles.
 */
final class PineconeFilterLanguage {

    private static final int MAX_LIST_VALUES = 10_000;

    private PineconeFilterLanguage() {}

    static boolean matches(Struct filter, Struct metadata) {
        if (filter.getFieldsCount() == 0) {
            throw invalid("a filter must not be empty");
        }
        for (Map.Entry<String, Value> entry : filter.getFieldsMap().entrySet()) {
            if (!clause(entry.getKey(), entry.getValue(), metadata)) {
                return false;
            }
        }
        return true;
    }

    private static boolean clause(String key, Value value, Struct metadata) {
        switch (key) {
            case "$and" -> {
                return filters(key, value).stream().allMatch(filter -> matches(filter, metadata));
            }
            case "$or" -> {
                return filters(key, value).stream().anyMatch(filter -> matches(filter, metadata));
            }
            default -> {
                if (key.startsWith("$")) {
                    throw invalid("unknown top-level operator " + key);
                }
                Value actual = metadata.getFieldsMap().get(key);
                if (value.hasStructValue()) {
                    Map<String, Value> operators = value.getStructValue().getFieldsMap();
                    if (operators.isEmpty()) {
                        throw invalid("no operator for field " + key);
                    }
                    return operators.entrySet().stream()
                            .allMatch(operator -> operator(key, operator.getKey(), operator.getValue(), actual));
                }
                return operator(key, "$eq", value, actual);
            }
        }
    }

    private static List<Struct> filters(String operator, Value value) {
        if (!value.hasListValue() || value.getListValue().getValuesCount() == 0) {
            throw invalid(operator + " takes a non-empty list of filters");
        }
        return value.getListValue().getValuesList().stream()
                .map(element -> {
                    if (!element.hasStructValue()) {
                        throw invalid(operator + " takes a list of filters");
                    }
                    return element.getStructValue();
                })
                .toList();
    }

    private static boolean operator(String field, String operator, Value operand, Value actual) {
        return switch (operator) {
            case "$eq" -> equalTo(actual, scalar(field, operator, operand));
            case "$ne" -> actual != null && !equalTo(actual, scalar(field, operator, operand));
            case "$gt", "$gte", "$lt", "$lte" -> ordered(operator, actual, number(field, operator, operand));
            case "$in" -> anyOf(actual, values(field, operator, operand));
            case "$nin" -> actual != null && !anyOf(actual, values(field, operator, operand));
            case "$exists" -> {
                if (!operand.hasBoolValue()) {
                    throw invalid("$exists takes a boolean (field " + field + ")");
                }
                yield (actual != null) == operand.getBoolValue();
            }
            default -> throw invalid("unknown operator " + operator + " (field " + field + ")");
        };
    }

    private static boolean equalTo(Value actual, Value expected) {
        if (actual == null) {
            return false;
        }
        if (actual.hasListValue()) {
            return expected.hasStringValue()
                    && actual.getListValue().getValuesList().stream()
                            .anyMatch(element -> element.getStringValue().equals(expected.getStringValue()));
        }
        return switch (actual.getKindCase()) {
            case STRING_VALUE ->
                expected.hasStringValue() && expected.getStringValue().equals(actual.getStringValue());
            case NUMBER_VALUE -> expected.hasNumberValue() && expected.getNumberValue() == actual.getNumberValue();
            case BOOL_VALUE -> expected.hasBoolValue() && expected.getBoolValue() == actual.getBoolValue();
            default -> false;
        };
    }

    private static boolean ordered(String operator, Value actual, double bound) {
        if (actual == null || !actual.hasNumberValue()) {
            return false;
        }
        double value = actual.getNumberValue();
        return switch (operator) {
            case "$gt" -> value > bound;
            case "$gte" -> value >= bound;
            case "$lt" -> value < bound;
            default -> value <= bound;
        };
    }

    private static boolean anyOf(Value actual, ListValue values) {
        return values.getValuesList().stream().anyMatch(value -> equalTo(actual, value));
    }

    private static Value scalar(String field, String operator, Value operand) {
        if (!operand.hasStringValue() && !operand.hasNumberValue() && !operand.hasBoolValue()) {
            throw invalid(operator + " takes a string, number or boolean (field " + field + ")");
        }
        return operand;
    }

    private static double number(String field, String operator, Value operand) {
        if (!operand.hasNumberValue()) {
            throw invalid(operator + " takes a number (field " + field + ")");
        }
        return operand.getNumberValue();
    }

    private static ListValue values(String field, String operator, Value operand) {
        if (!operand.hasListValue() || operand.getListValue().getValuesCount() == 0) {
            throw invalid(operator + " takes a non-empty list (field " + field + ")");
        }
        List<Value> values = operand.getListValue().getValuesList();
        if (values.size() > MAX_LIST_VALUES) {
            throw invalid(operator + " takes at most " + MAX_LIST_VALUES + " values (field " + field + ")");
        }
        boolean strings = values.stream().allMatch(Value::hasStringValue);
        boolean numbers = values.stream().allMatch(Value::hasNumberValue);
        if (!strings && !numbers) {
            throw invalid(operator + " takes strings or numbers, all of one kind (field " + field + ")");
        }
        return operand.getListValue();
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
