package dev.ragservice.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ragservice.domain.InvalidRequestException;
import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.Filter.Operator;
import dev.ragservice.ports.vector.MetadataValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    /** An ordered map, as a JSON parser returns for an object. */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void assertInvalid(Object json, String... messageParts) {
        assertThatThrownBy(() -> FilterParser.parse(json, RequestLimits.DEFAULTS.filterClauses()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_filter");
                    assertThat(e.getMessage()).contains(messageParts);
                });
    }

    @Test
    void nullAndEmptyMatchEverything() {
        assertThat(FilterParser.parse(null, RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(Filter.ALL);
        assertThat(FilterParser.parse(Map.of(), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(Filter.ALL);
    }

    @Test
    void aBareValueIsEquality() {
        assertThat(FilterParser.parse(object("genre", "drama"), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("genre", Operator.EQ, MetadataValue.of("drama")));
        assertThat(FilterParser.parse(object("draft", false), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("draft", Operator.EQ, MetadataValue.of(false)));
        assertThat(FilterParser.parse(object("year", 2020), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("year", Operator.EQ, MetadataValue.of(2020)));
    }

    @Test
    void readsEveryComparisonOperator() {
        assertThat(FilterParser.parse(object("genre", object("$eq", "drama")), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("genre", Operator.EQ, MetadataValue.of("drama")));
        assertThat(FilterParser.parse(object("genre", object("$ne", "drama")), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("genre", Operator.NE, MetadataValue.of("drama")));
        assertThat(FilterParser.parse(object("year", object("$gt", 2020)), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("year", Operator.GT, MetadataValue.of(2020)));
        assertThat(FilterParser.parse(object("year", object("$gte", 2020L)), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("year", Operator.GTE, MetadataValue.of(2020)));
        assertThat(FilterParser.parse(object("score", object("$lt", 0.5)), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("score", Operator.LT, MetadataValue.of(0.5)));
        assertThat(FilterParser.parse(
                        object("score", object("$lte", new BigDecimal("0.25"))),
                        RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Compare("score", Operator.LTE, MetadataValue.of(0.25)));
    }

    @Test
    void readsInNinAndExists() {
        assertThat(FilterParser.parse(
                        object("genre", object("$in", List.of("a", "b"))), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.In("genre", List.of(MetadataValue.of("a"), MetadataValue.of("b")), false));
        assertThat(FilterParser.parse(
                        object("year", object("$nin", List.of(1999, 2000))), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.In("year", List.of(MetadataValue.of(1999), MetadataValue.of(2000)), true));
        assertThat(FilterParser.parse(
                        object("author", object("$exists", true)), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Exists("author", true));
        assertThat(FilterParser.parse(
                        object("author", object("$exists", false)), RequestLimits.DEFAULTS.filterClauses()))
                .isEqualTo(new Filter.Exists("author", false));
    }

    @Test
    void severalOperatorsOnAFieldAndSeveralFieldsMeanAllInTheGivenOrder() {
        Filter range = FilterParser.parse(
                object("year", object("$gte", 2020, "$lt", 2024)), RequestLimits.DEFAULTS.filterClauses());
        assertThat(range)
                .isEqualTo(new Filter.And(List.of(
                        new Filter.Compare("year", Operator.GTE, MetadataValue.of(2020)),
                        new Filter.Compare("year", Operator.LT, MetadataValue.of(2024)))));

        Filter fields = FilterParser.parse(
                object("genre", "drama", "year", object("$gte", 2020)), RequestLimits.DEFAULTS.filterClauses());
        assertThat(fields)
                .isEqualTo(new Filter.And(List.of(
                        new Filter.Compare("genre", Operator.EQ, MetadataValue.of("drama")),
                        new Filter.Compare("year", Operator.GTE, MetadataValue.of(2020)))));
    }

    @Test
    void readsAndAndOrAndTheirNesting() {
        Filter filter = FilterParser.parse(
                object(
                        "$or",
                        List.of(
                                object("genre", "drama"),
                                object(
                                        "$and",
                                        List.of(object("genre", "comedy"), object("year", object("$lt", 2000)))))),
                RequestLimits.DEFAULTS.filterClauses());

        assertThat(filter)
                .isEqualTo(new Filter.Or(List.of(
                        new Filter.Compare("genre", Operator.EQ, MetadataValue.of("drama")),
                        new Filter.And(List.of(
                                new Filter.Compare("genre", Operator.EQ, MetadataValue.of("comedy")),
                                new Filter.Compare("year", Operator.LT, MetadataValue.of(2000)))))));
        assertThat(filter.matches(Map.of("genre", MetadataValue.of("comedy"), "year", MetadataValue.of(1990))))
                .isTrue();
        assertThat(filter.matches(Map.of("genre", MetadataValue.of("comedy"), "year", MetadataValue.of(2010))))
                .isFalse();
    }

    @Test
    void refusesWhatIsNotAnObject() {
        assertInvalid("genre=drama", "filter must be a JSON object", "string");
        assertInvalid(List.of(), "filter must be a JSON object", "a list");
        assertInvalid(object("$and", List.of("x")), "filter.$and[0] must be a JSON object");
    }

    @Test
    void orderOperatorsNeedNumbers() {
        assertInvalid(object("year", object("$gte", "2020")), "filter.year.$gte", "numbers only", "\"2020\"");
        assertInvalid(object("flag", object("$lt", true)), "filter.flag.$lt", "numbers only");
    }

    @Test
    void refusesUnknownOperatorsAndMisplacedOnes() {
        assertInvalid(object("year", object("$between", List.of(1, 2))), "filter.year", "unknown operator '$between'");
        assertInvalid(object("$not", object("a", 1)), "unknown operator '$not'");
        assertInvalid(object("year", object()), "filter.year needs at least one operator");
    }

    @Test
    void refusesBadOperands() {
        assertInvalid(object("genre", List.of("a", "b")), "filter.genre", "$in");
        assertInvalid(object("genre", object("$in", "a")), "filter.genre.$in needs a list");
        assertInvalid(object("genre", object("$in", List.of("a", object()))), "filter.genre.$in[1]", "an object");
        assertInvalid(object("genre", object("$eq", List.of("a"))), "filter.genre.$eq", "a list");
        assertInvalid(object("author", object("$exists", "yes")), "filter.author.$exists needs true or false");
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertInvalid(object("genre", object("$nin", withNull)), "filter.genre.$nin[0]", "null");
        assertInvalid(object("genre", null), "filter.genre", "null");
        assertInvalid(object("id", object("$eq", 9_007_199_254_740_993L)), "filter.id.$eq", "cannot be kept exactly");
    }

    @Test
    void refusesEmptyLogicalListsAndBlankFields() {
        assertInvalid(object("$and", List.of()), "filter.$and needs a non-empty list");
        assertInvalid(object("$or", "x"), "filter.$or needs a non-empty list");
        assertInvalid(object(" ", 1), "field names must not be blank");
    }

    @Test
    void refusesAbsurdNesting() {
        Object filter = object("a", 1);
        for (int i = 0; i < 20; i++) {
            filter = object("$and", List.of(filter));
        }
        Object deep = filter;
        assertInvalid(deep, "nested more than");
    }

    @Test
    void aFilterWiderThanItsLimitIsRefusedBeforeAnyStoreSeesIt() {
        List<Object> clauses = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            clauses.add(Map.of("year", i));
        }
        assertThatThrownBy(() -> FilterParser.parse(Map.of("$and", clauses), 256))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("MAX_FILTER_CLAUSES")
                .hasMessageContaining("2001");
        assertThatThrownBy(() -> FilterParser.parse(
                        Map.of(
                                "tag",
                                Map.of(
                                        "$in",
                                        clauses.subList(0, 300).stream()
                                                .map(String::valueOf)
                                                .toList())),
                        256))
                .isInstanceOf(LimitExceededException.class);
        assertThat(FilterParser.parse(Map.of("$and", clauses.subList(0, 255)), 256))
                .isNotNull();
    }
}
