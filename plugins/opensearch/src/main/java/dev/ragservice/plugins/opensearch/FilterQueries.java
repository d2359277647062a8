package dev.ragservice.plugins.opensearch;

import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.List;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * Turns a {@link Filter} into an OpenSearch query over the terms of {@link MetadataTerms} that selects exactly the
 * chunks {@link Filter#matches} selects. It only filters: used in filter context, as the k-NN query's pre-filter
 * and beside the keyword query.
 */
final class FilterQueries {

    private FilterQueries() {}

    static Query of(Filter filter) {
        return switch (filter) {
            case Filter.All all -> Query.of(q -> q.matchAll(m -> m));
            case Filter.Compare compare -> compare(compare);
            case Filter.In in -> in.negated() ? not(anyOf(in.field(), in.values())) : anyOf(in.field(), in.values());
            case Filter.Exists exists -> exists.exists() ? present(exists.field()) : not(present(exists.field()));
            case Filter.And and ->
                Query.of(q -> q.bool(b ->
                        b.filter(and.filters().stream().map(FilterQueries::of).toList())));
            case Filter.Or or ->
                or.filters().isEmpty()
                        ? nothing()
                        : Query.of(q -> q.bool(b -> b.should(or.filters().stream()
                                        .map(FilterQueries::of)
                                        .toList())
                                .minimumShouldMatch("1")));
        };
    }

    private static Query compare(Filter.Compare compare) {
        String key = compare.field();
        return switch (compare.operator()) {
            case EQ -> term(MetadataTerms.FIELD, MetadataTerms.of(key, compare.value()));
            // $ne matches chunks without the field too: everything but the equal ones.
            case NE -> not(term(MetadataTerms.FIELD, MetadataTerms.of(key, compare.value())));
            case GT, GTE, LT, LTE -> ordered(key, compare.operator(), ((MetadataValue.Number) compare.value()).value());
        };
    }

    /** Numbers of one key are a contiguous, ordered run of terms, so an order comparison is a term range. */
    private static Query ordered(String key, Filter.Operator operator, double value) {
        String bound = MetadataTerms.number(key, value);
        return Query.of(q -> q.range(r -> {
            r.field(MetadataTerms.FIELD);
            return switch (operator) {
                case GT -> r.gt(JsonData.of(bound)).lte(JsonData.of(MetadataTerms.highestNumber(key)));
                case GTE -> r.gte(JsonData.of(bound)).lte(JsonData.of(MetadataTerms.highestNumber(key)));
                case LT -> r.gte(JsonData.of(MetadataTerms.lowestNumber(key))).lt(JsonData.of(bound));
                case LTE -> r.gte(JsonData.of(MetadataTerms.lowestNumber(key))).lte(JsonData.of(bound));
                default -> throw new IllegalArgumentException(operator + " is not an ordering");
            };
        }));
    }

    /** Values of every kind live in the one field, so any list of them is one terms query. */
    private static Query anyOf(String key, List<MetadataValue> values) {
        if (values.isEmpty()) {
            return nothing();
        }
        List<FieldValue> terms = values.stream()
                .map(value -> FieldValue.of(MetadataTerms.of(key, value)))
                .toList();
        return Query.of(q -> q.terms(t -> t.field(MetadataTerms.FIELD).terms(v -> v.value(terms))));
    }

    private static Query present(String key) {
        return term(MetadataTerms.KEYS_FIELD, key);
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    /** A bool query of only must_not clauses starts from every document. */
    private static Query not(Query query) {
        return Query.of(q -> q.bool(b -> b.mustNot(query)));
    }

    private static Query nothing() {
        return Query.of(q -> q.matchNone(m -> m));
    }
}
