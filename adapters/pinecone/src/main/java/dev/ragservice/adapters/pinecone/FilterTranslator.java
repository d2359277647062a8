package dev.ragservice.adapters.pinecone;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Filter} into Pinecone's filter language so that Pinecone selects exactly the chunks
 * {@link Filter#matches} selects. Where Pinecone's operators mean something else, the translation compensates:
 * <ul>
 *   <li>{@code $ne} and {@code $nin} never match a record without the field in Pinecone (since 2024), while the
 *       reference matches it: both become {@code {"$or": [<op>, {field: {"$exists": false}}]}}.</li>
 *   <li>{@code $in}/{@code $nin} take strings and numbers only: booleans become {@code $eq}/{@code $ne}, and each
 *       kind gets its own list of at most {@value #MAX_VALUES} values (Pinecone's limit).</li>
 *   <li>Pinecone has no empty {@code $and}/{@code $or} and no constant filters: they are folded away
 *       ({@link Selection#ALL}, {@link Selection#NONE}).</li>
 *   <li>A field the store reserves for itself ({@code _text}, ...) or that Pinecone would read as an operator
 *       ({@code $...}) is never user metadata, so a condition on it is decided here as on an absent field.</li>
 * </ul>
 */
final class FilterTranslator {

    static final int MAX_VALUES = 10_000;

    private FilterTranslator() {}

    static Selection translate(Filter filter) {
        return switch (filter) {
            case Filter.All all -> Selection.ALL;
            case Filter.Compare compare ->
                VectorRecords.isReserved(compare.field()) ? absent(compare) : compare(compare);
            case Filter.In in -> VectorRecords.isReserved(in.field()) ? absent(in) : in(in);
            case Filter.Exists exists ->
                VectorRecords.isReserved(exists.field())
                        ? absent(exists)
                        : where(Structs.condition(exists.field(), "$exists", Structs.bool(exists.exists())));
            case Filter.And and ->
                and(and.filters().stream().map(FilterTranslator::translate).toList());
            case Filter.Or or ->
                or(or.filters().stream().map(FilterTranslator::translate).toList());
        };
    }

    private static Selection absent(Filter leaf) {
        return leaf.matches(Map.of()) ? Selection.ALL : Selection.NONE;
    }

    private static Selection compare(Filter.Compare compare) {
        String field = compare.field();
        Value value = scalar(compare.value());
        return switch (compare.operator()) {
            case EQ -> where(Structs.condition(field, "$eq", value));
            case NE -> or(List.of(where(Structs.condition(field, "$ne", value)), missing(field)));
            case GT -> where(Structs.condition(field, "$gt", value));
            case GTE -> where(Structs.condition(field, "$gte", value));
            case LT -> where(Structs.condition(field, "$lt", value));
            case LTE -> where(Structs.condition(field, "$lte", value));
        };
    }

    private static Selection in(Filter.In in) {
        String field = in.field();
        List<Value> texts = new ArrayList<>();
        List<Value> numbers = new ArrayList<>();
        List<Boolean> bools = new ArrayList<>();
        for (MetadataValue value : in.values()) {
            switch (value) {
                case MetadataValue.Text text -> texts.add(Structs.text(text.value()));
                case MetadataValue.Number number -> numbers.add(Structs.number(number.value()));
                case MetadataValue.Bool bool -> bools.add(bool.value());
                case MetadataValue.TextList list -> throw new IllegalArgumentException("$in takes single values");
            }
        }
        List<Selection> parts = new ArrayList<>();
        String listOperator = in.negated() ? "$nin" : "$in";
        for (List<Value> kind : List.of(texts, numbers)) {
            for (int from = 0; from < kind.size(); from += MAX_VALUES) {
                List<Value> slice = kind.subList(from, Math.min(kind.size(), from + MAX_VALUES));
                parts.add(where(Structs.condition(field, listOperator, Structs.list(slice))));
            }
        }
        bools.stream()
                .distinct()
                .forEach(bool ->
                        parts.add(where(Structs.condition(field, in.negated() ? "$ne" : "$eq", Structs.bool(bool)))));
        if (!in.negated()) {
            return or(parts);
        }
        return or(List.of(and(parts), missing(field)));
    }

    private static Selection missing(String field) {
        return where(Structs.condition(field, "$exists", Structs.bool(false)));
    }

    private static Value scalar(MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text -> Structs.text(text.value());
            case MetadataValue.Number number -> Structs.number(number.value());
            case MetadataValue.Bool bool -> Structs.bool(bool.value());
            case MetadataValue.TextList list -> throw new IllegalArgumentException("cannot compare with a list");
        };
    }

    private static Selection and(List<Selection> parts) {
        List<Struct> conditions = new ArrayList<>();
        for (Selection part : parts) {
            switch (part) {
                case Selection.None none -> {
                    return Selection.NONE;
                }
                case Selection.All all -> {
                    // true AND x is x
                }
                case Selection.Where where -> conditions.add(where.filter());
            }
        }
        return combine("$and", conditions, Selection.ALL);
    }

    private static Selection or(List<Selection> parts) {
        List<Struct> conditions = new ArrayList<>();
        for (Selection part : parts) {
            switch (part) {
                case Selection.All all -> {
                    return Selection.ALL;
                }
                case Selection.None none -> {
                    // false OR x is x
                }
                case Selection.Where where -> conditions.add(where.filter());
            }
        }
        return combine("$or", conditions, Selection.NONE);
    }

    private static Selection combine(String operator, List<Struct> conditions, Selection whenEmpty) {
        return switch (conditions.size()) {
            case 0 -> whenEmpty;
            case 1 -> where(conditions.getFirst());
            default -> where(Structs.combine(operator, conditions));
        };
    }

    private static Selection where(Struct filter) {
        return new Selection.Where(filter);
    }
}
