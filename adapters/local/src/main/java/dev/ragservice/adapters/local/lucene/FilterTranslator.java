package dev.ragservice.adapters.local.lucene;

import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a {@link Filter} into a Lucene query over the fields of {@link MetadataFields} that selects exactly
 * the chunks {@link Filter#matches} selects. The query only filters (its scores mean nothing) and is meant to
 * be combined with the namespace restriction.
 */
final class FilterTranslator {

    private FilterTranslator() {}

    static Query toQuery(Filter filter) {
        return switch (filter) {
            case Filter.All all -> MatchAllDocsQuery.INSTANCE;
            case Filter.Compare compare -> compare(compare);
            case Filter.In in -> in.negated() ? not(anyOf(in.field(), in.values())) : anyOf(in.field(), in.values());
            case Filter.Exists exists -> exists.exists() ? present(exists.field()) : not(present(exists.field()));
            case Filter.And and -> and(and.filters());
            case Filter.Or or -> or(or.filters());
        };
    }

    private static Query compare(Filter.Compare compare) {
        String field = compare.field();
        return switch (compare.operator()) {
            case EQ -> equalTo(field, compare.value());
            // $ne matches chunks without the field too: everything but the equal ones.
            case NE -> not(equalTo(field, compare.value()));
            case GT, GTE, LT, LTE -> ordered(compare);
        };
    }

    /** Equality, or containment for a list field: list elements are indexed under the same name as texts. */
    private static Query equalTo(String field, MetadataValue value) {
        return switch (value) {
            case MetadataValue.Text text ->
                new TermQuery(new Term(MetadataFields.text(field), MetadataFields.textTerm(text.value())));
            case MetadataValue.Number number -> DoublePoint.newExactQuery(MetadataFields.number(field), number.value());
            case MetadataValue.Bool bool ->
                new TermQuery(new Term(MetadataFields.bool(field), MetadataFields.boolTerm(bool.value())));
            case MetadataValue.TextList list -> throw new IllegalArgumentException("cannot compare with a list");
        };
    }

    /**
     * Only numbers are ordered. DoublePoint orders like {@link Double#compare} (-0.0 below 0.0), as
     * {@link Filter.Compare} does, and its nextUp/nextDown step over exactly one such value.
     */
    private static Query ordered(Filter.Compare compare) {
        String field = MetadataFields.number(compare.field());
        double value = ((MetadataValue.Number) compare.value()).value();
        return switch (compare.operator()) {
            case GT -> DoublePoint.newRangeQuery(field, DoublePoint.nextUp(value), Double.POSITIVE_INFINITY);
            case GTE -> DoublePoint.newRangeQuery(field, value, Double.POSITIVE_INFINITY);
            case LT -> DoublePoint.newRangeQuery(field, Double.NEGATIVE_INFINITY, DoublePoint.nextDown(value));
            case LTE -> DoublePoint.newRangeQuery(field, Double.NEGATIVE_INFINITY, value);
            default -> throw new IllegalArgumentException(compare.operator() + " is not an ordering");
        };
    }

    /** One set query per value kind rather than a clause per value: $in lists can be long. */
    private static Query anyOf(String field, List<MetadataValue> values) {
        List<BytesRef> texts = new ArrayList<>();
        List<Double> numbers = new ArrayList<>();
        List<BytesRef> bools = new ArrayList<>();
        for (MetadataValue value : values) {
            switch (value) {
                case MetadataValue.Text text -> texts.add(MetadataFields.textTerm(text.value()));
                case MetadataValue.Number number -> numbers.add(number.value());
                case MetadataValue.Bool bool -> bools.add(MetadataFields.boolTerm(bool.value()));
                case MetadataValue.TextList list -> throw new IllegalArgumentException("$in takes single values");
            }
        }
        List<Query> alternatives = new ArrayList<>();
        if (!texts.isEmpty()) {
            alternatives.add(new TermInSetQuery(MetadataFields.text(field), texts));
        }
        if (!numbers.isEmpty()) {
            alternatives.add(DoublePoint.newSetQuery(
                    MetadataFields.number(field),
                    numbers.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        if (!bools.isEmpty()) {
            alternatives.add(new TermInSetQuery(MetadataFields.bool(field), bools));
        }
        return anyOf(alternatives);
    }

    private static Query present(String field) {
        return new TermQuery(new Term(MetadataFields.PRESENT, field));
    }

    /** A purely negative boolean query matches nothing in Lucene, so the complement starts from all chunks. */
    private static Query not(Query query) {
        return new BooleanQuery.Builder()
                .add(MatchAllDocsQuery.INSTANCE, Occur.FILTER)
                .add(query, Occur.MUST_NOT)
                .build();
    }

    private static Query and(List<Filter> filters) {
        if (filters.isEmpty()) {
            return MatchAllDocsQuery.INSTANCE;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        filters.forEach(filter -> all.add(toQuery(filter), Occur.FILTER));
        return all.build();
    }

    private static Query or(List<Filter> filters) {
        return anyOf(filters.stream().map(FilterTranslator::toQuery).toList());
    }

    private static Query anyOf(List<Query> queries) {
        if (queries.isEmpty()) {
            return new MatchNoDocsQuery("no alternative");
        }
        if (queries.size() == 1) {
            return queries.getFirst();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        queries.forEach(query -> any.add(query, Occur.SHOULD));
        return any.build();
    }
}
