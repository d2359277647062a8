package dev.ragservice.ports.vector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition on chunk metadata. {@link #matches(Map)} is the reference meaning of every filter: a store may
 * translate filters into its own query language, but must select exactly the chunks {@code matches} selects
 * (the vector-store conformance kit checks this).
 *
 * <p>The operators are those of Pinecone and MongoDB: {@code $eq $ne $gt $gte $lt $lte $in $nin $exists
 * $and $or}. Equality against a list field matches when the list contains the value. Order comparisons hold
 * only between numbers. {@code $ne} and {@code $nin} match chunks that lack the field.
 */
public sealed interface Filter {

    Filter ALL = new All();

    boolean matches(Map<String, MetadataValue> metadata);

    /** Matches every chunk: no filter. */
    record All() implements Filter {
        @Override
        public boolean matches(Map<String, MetadataValue> metadata) {
            return true;
        }
    }

    enum Operator {
        EQ,
        NE,
        GT,
        GTE,
        LT,
        LTE
    }

    record Compare(String field, Operator operator, MetadataValue value) implements Filter {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if (value instanceof MetadataValue.TextList) {
                throw new IllegalArgumentException("compare against a single value; use In for lists");
            }
            boolean ordering = operator != Operator.EQ && operator != Operator.NE;
            if (ordering && !(value instanceof MetadataValue.Number)) {
                throw new IllegalArgumentException(operator + " compares numbers only");
            }
        }

        @Override
        public boolean matches(Map<String, MetadataValue> metadata) {
            MetadataValue actual = metadata.get(field);
            if (actual == null) {
                return operator == Operator.NE; // a missing field equals nothing and has no order
            }
            return switch (operator) {
                case EQ -> equalsOrContains(actual, value);
                case NE -> !equalsOrContains(actual, value);
                case GT, GTE, LT, LTE -> ordered(actual);
            };
        }

        private boolean ordered(MetadataValue actual) {
            if (!(actual instanceof MetadataValue.Number number)) {
                return false;
            }
            int comparison = Double.compare(number.value(), ((MetadataValue.Number) value).value());
            return switch (operator) {
                case GT -> comparison > 0;
                case GTE -> comparison >= 0;
                case LT -> comparison < 0;
                default -> comparison <= 0;
            };
        }
    }

    /** The field equals (or, for a list field, contains) one of the values; negated, none of them. */
    record In(String field, List<MetadataValue> values, boolean negated) implements Filter {
        public In {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
            for (MetadataValue value : values) {
                if (value instanceof MetadataValue.TextList) {
                    throw new IllegalArgumentException("$in takes single values");
                }
            }
        }

        @Override
        public boolean matches(Map<String, MetadataValue> metadata) {
            MetadataValue actual = metadata.get(field);
            if (actual == null) {
                return negated; // a missing field equals none of the values
            }
            boolean any = values.stream().anyMatch(value -> equalsOrContains(actual, value));
            return negated != any;
        }
    }

    record Exists(String field, boolean exists) implements Filter {
        public Exists {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean matches(Map<String, MetadataValue> metadata) {
            return metadata.containsKey(field) == exists;
        }
    }

    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean matches(Map<String, MetadataValue> metadata) {
            return filters.stream().allMatch(filter -> filter.matches(metadata));
        }
    }

    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean matches(Map<String, MetadataValue> metadata) {
            return filters.stream().anyMatch(filter -> filter.matches(metadata));
        }
    }

    private static boolean equalsOrContains(MetadataValue actual, MetadataValue expected) {
        if (actual instanceof MetadataValue.TextList list) {
            return expected instanceof MetadataValue.Text text && list.values().contains(text.value());
        }
        if (actual instanceof MetadataValue.Number number && expected instanceof MetadataValue.Number other) {
            return Double.compare(number.value(), other.value()) == 0;
        }
        return actual.equals(expected);
    }
}
