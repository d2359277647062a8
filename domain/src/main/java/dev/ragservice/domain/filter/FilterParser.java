package dev.ragservice.domain.filter;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code filter} JSON object of a query in the syntax of Pinecone and MongoDB:
 * <pre>
 * {"genre": "drama"}                          equality ($eq)
 * {"year": {"$gte": 2020, "$lt": 2024}}       several operators on one field: all must hold
 * {"genre": {"$in": ["a", "b"]}}              also $nin, $ne, $exists: true|false
 * {"$and": [{...}, {...}]}, {"$or": [...]}    several top-level fields: all must hold
 * </pre>
 * Every error is an {@code invalid_filter} that names the place ({@code filter.$or[1].year}) and the problem.
 * The order of conditions is kept as given, so the same JSON always gives the same filter.
 */
public final class FilterParser {

    private static final String CODE = "invalid_filter";
    /** Deeper nesting is surely a mistake or an attack; this bounds recursion. */
    private static final int MAX_DEPTH = 16;

    private FilterParser() {}

    /**
     * A null or empty object matches everything ({@link Filter#ALL}).
     *
     * @param maxClauses the most conditions and listed values the whole filter may have
     * @throws LimitExceededException when the filter has more
     */
    public static Filter parse(Object json, int maxClauses) {
        if (json == null) {
            return Filter.ALL;
        }
        Filter filter = object(json, "filter", 0);
        long clauses = clauses(filter);
        if (clauses > maxClauses) {
            throw new LimitExceededException(
                    RequestLimits.FILTER_CLAUSES,
                    maxClauses,
                    "the filter has " + clauses + " conditions and listed values");
        }
        return filter;
    }

    /** Its conditions and the values of its lists, all levels together: what a store's query grows with. */
    static long clauses(Filter filter) {
        return switch (filter) {
            case Filter.All all -> 0;
            case Filter.And and ->
                1 + and.filters().stream().mapToLong(FilterParser::clauses).sum();
            case Filter.Or or ->
                1 + or.filters().stream().mapToLong(FilterParser::clauses).sum();
            case Filter.In in -> 1 + in.values().size();
            case Filter.Compare compare -> 1;
            case Filter.Exists exists -> 1;
        };
    }

    private static Filter object(Object json, String where, int depth) {
        if (!(json instanceof Map<?, ?> map)) {
            throw invalid(where + " must be a JSON object, got " + JsonScalars.describe(json));
        }
        if (depth > MAX_DEPTH) {
            throw invalid(where + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        List<Filter> conditions = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            switch (key) {
                case "$and" -> conditions.add(new Filter.And(list(value, where + ".$and", depth)));
                case "$or" -> conditions.add(new Filter.Or(list(value, where + ".$or", depth)));
                default -> {
                    if (key.startsWith("$")) {
                        throw invalid(where + ": unknown operator '" + key + "' (at this level only $and and $or "
                                + "are allowed; field operators go inside a field: {\"field\": {\"$gt\": 1}})");
                    }
                    if (key.isBlank()) {
                        throw invalid(where + ": field names must not be blank");
                    }
                    conditions.add(field(key, value, where + "." + key));
                }
            }
        }
        return allOf(conditions);
    }

    private static List<Filter> list(Object value, String where, int depth) {
        if (!(value instanceof List<?> items) || items.isEmpty()) {
            throw invalid(where + " needs a non-empty list of filter objects, got " + JsonScalars.describe(value));
        }
        List<Filter> filters = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            filters.add(object(items.get(i), where + "[" + i + "]", depth + 1));
        }
        return filters;
    }

    private static Filter field(String field, Object value, String where) {
        if (value instanceof Map<?, ?> operators) {
            if (operators.isEmpty()) {
                throw invalid(where + " needs at least one operator, such as {\"$eq\": ...}");
            }
            List<Filter> conditions = new ArrayList<>(operators.size());
            for (Map.Entry<?, ?> entry : operators.entrySet()) {
                conditions.add(operator(field, String.valueOf(entry.getKey()), entry.getValue(), where));
            }
            return allOf(conditions);
        }
        if (value instanceof List<?>) {
            throw invalid(where + ": a list needs an operator, such as {\"$in\": [...]}");
        }
        return new Filter.Compare(field, Filter.Operator.EQ, scalar(value, where));
    }

    private static Filter operator(String field, String operator, Object operand, String where) {
        String at = where + "." + operator;
        return switch (operator) {
            case "$eq" -> new Filter.Compare(field, Filter.Operator.EQ, scalar(operand, at));
            case "$ne" -> new Filter.Compare(field, Filter.Operator.NE, scalar(operand, at));
            case "$gt" -> new Filter.Compare(field, Filter.Operator.GT, number(operand, at));
            case "$gte" -> new Filter.Compare(field, Filter.Operator.GTE, number(operand, at));
            case "$lt" -> new Filter.Compare(field, Filter.Operator.LT, number(operand, at));
            case "$lte" -> new Filter.Compare(field, Filter.Operator.LTE, number(operand, at));
            case "$in" -> new Filter.In(field, scalars(operand, at), false);
            case "$nin" -> new Filter.In(field, scalars(operand, at), true);
            case "$exists" -> {
                if (!(operand instanceof Boolean exists)) {
                    throw invalid(at + " needs true or false, got " + JsonScalars.describe(operand));
                }
                yield new Filter.Exists(field, exists);
            }
            default ->
                throw invalid(where + ": unknown operator '" + operator
                        + "' (known: $eq $ne $gt $gte $lt $lte $in $nin $exists)");
        };
    }

    private static MetadataValue scalar(Object value, String where) {
        if (!JsonScalars.isScalar(value)) {
            throw invalid(where + " needs a string, number or boolean, got " + JsonScalars.describe(value));
        }
        return JsonScalars.toMetadata(value, where, CODE);
    }

    private static MetadataValue number(Object value, String where) {
        if (!(value instanceof Number)) {
            throw invalid(where + " compares numbers only, got " + JsonScalars.describe(value));
        }
        return JsonScalars.toMetadata(value, where, CODE);
    }

    private static List<MetadataValue> scalars(Object value, String where) {
        if (!(value instanceof List<?> items)) {
            throw invalid(where + " needs a list of values, got " + JsonScalars.describe(value));
        }
        List<MetadataValue> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            values.add(scalar(items.get(i), where + "[" + i + "]"));
        }
        return values;
    }

    private static Filter allOf(List<Filter> conditions) {
        return switch (conditions.size()) {
            case 0 -> Filter.ALL;
            case 1 -> conditions.getFirst();
            default -> new Filter.And(conditions);
        };
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(CODE, message);
    }
}
