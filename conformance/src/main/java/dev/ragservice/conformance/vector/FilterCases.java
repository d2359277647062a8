package dev.ragservice.conformance.vector;

import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.Filter.Operator;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A small library of documents and, for every operator, a filter with the documents it must select. The kit
 * checks each expectation against {@link Filter#matches} too, so a slip here cannot pass unnoticed.
 */
final class FilterCases {

    /** One chunk per document; the document id names what is special about its metadata. */
    static final List<Chunk> LIBRARY = List.of(
            chunk(
                    "novel",
                    Map.of(
                            "genre",
                            MetadataValue.of("fiction"),
                            "year",
                            MetadataValue.of(1990),
                            "draft",
                            MetadataValue.of(false),
                            "tags",
                            MetadataValue.of(List.of("classic", "paper"))),
                    1,
                    0,
                    0,
                    0),
            chunk(
                    "manual",
                    Map.of(
                            "genre",
                            MetadataValue.of("tech"),
                            "year",
                            MetadataValue.of(2021),
                            "draft",
                            MetadataValue.of(true),
                            "tags",
                            MetadataValue.of(List.of("howto"))),
                    0,
                    1,
                    0,
                    0),
            chunk(
                    "essay",
                    Map.of(
                            "genre",
                            MetadataValue.of("fiction"),
                            "year",
                            MetadataValue.of(2021.5),
                            "tags",
                            MetadataValue.of(List.of()))),
            chunk("memo", Map.of("year", MetadataValue.of(2005), "draft", MetadataValue.of(false)), 0, 0, 0, 1),
            chunk("blank", Map.of(), 1, 1, 1, 1));

    private FilterCases() {}

    static Stream<Arguments> cases() {
        return Stream.of(
                of("$eq on text", eq("genre", MetadataValue.of("fiction")), "novel", "essay"),
                of("$eq on a number", eq("year", MetadataValue.of(2021)), "manual"),
                of("$eq on a fraction", eq("year", MetadataValue.of(2021.5)), "essay"),
                of("$eq on a bool", eq("draft", MetadataValue.of(false)), "novel", "memo"),
                of("$eq on a list contains", eq("tags", MetadataValue.of("howto")), "manual"),
                of(
                        "$ne matches the absent field",
                        compare("genre", Operator.NE, MetadataValue.of("fiction")),
                        "manual",
                        "memo",
                        "blank"),
                of("$ne on a bool", compare("draft", Operator.NE, MetadataValue.of(false)), "manual", "essay", "blank"),
                of(
                        "$ne on a list",
                        compare("tags", Operator.NE, MetadataValue.of("paper")),
                        "manual",
                        "essay",
                        "memo",
                        "blank"),
                of("$gt", compare("year", Operator.GT, MetadataValue.of(2005)), "manual", "essay"),
                of("$gte", compare("year", Operator.GTE, MetadataValue.of(2005)), "manual", "essay", "memo"),
                of("$lt", compare("year", Operator.LT, MetadataValue.of(2005)), "novel"),
                of("$lte", compare("year", Operator.LTE, MetadataValue.of(2005)), "novel", "memo"),
                of("$gt on a text field", compare("genre", Operator.GT, MetadataValue.of(0))),
                of("$in on text", in("genre", false, MetadataValue.of("tech"), MetadataValue.of("poetry")), "manual"),
                of(
                        "$in on numbers",
                        in("year", false, MetadataValue.of(1990), MetadataValue.of(2005)),
                        "novel",
                        "memo"),
                of(
                        "$in on a list",
                        in("tags", false, MetadataValue.of("paper"), MetadataValue.of("howto")),
                        "novel",
                        "manual"),
                of("$in on a bool", in("draft", false, MetadataValue.of(true)), "manual"),
                of(
                        "$in of mixed kinds",
                        in("year", false, MetadataValue.of("1990"), MetadataValue.of(2021), MetadataValue.of(true)),
                        "manual"),
                of("$in of nothing", in("genre", false)),
                of(
                        "$nin matches the absent field",
                        in("genre", true, MetadataValue.of("fiction")),
                        "manual",
                        "memo",
                        "blank"),
                of(
                        "$nin on a list",
                        in("tags", true, MetadataValue.of("classic"), MetadataValue.of("howto")),
                        "essay",
                        "memo",
                        "blank"),
                of("$nin on a bool", in("draft", true, MetadataValue.of(false)), "manual", "essay", "blank"),
                of("$nin of nothing", in("genre", true), "novel", "manual", "essay", "memo", "blank"),
                of("$exists", new Filter.Exists("draft", true), "novel", "manual", "memo"),
                of("$exists false", new Filter.Exists("draft", false), "essay", "blank"),
                of("$exists on an empty list", new Filter.Exists("tags", true), "novel", "manual", "essay"),
                of(
                        "$and",
                        new Filter.And(List.of(
                                eq("genre", MetadataValue.of("fiction")),
                                compare("year", Operator.GT, MetadataValue.of(2000)))),
                        "essay"),
                of(
                        "$or",
                        new Filter.Or(
                                List.of(eq("draft", MetadataValue.of(true)), eq("tags", MetadataValue.of("classic")))),
                        "novel",
                        "manual"),
                of(
                        "nested",
                        new Filter.Or(List.of(
                                new Filter.And(List.of(
                                        eq("genre", MetadataValue.of("fiction")),
                                        compare("year", Operator.LT, MetadataValue.of(2000)))),
                                new Filter.And(List.of(
                                        new Filter.Exists("genre", false), eq("draft", MetadataValue.of(false)))))),
                        "novel",
                        "memo"),
                of(
                        "nested negations",
                        new Filter.And(List.of(
                                in("genre", true, MetadataValue.of("tech")),
                                new Filter.Or(List.of(
                                        compare("draft", Operator.NE, MetadataValue.of(true)),
                                        new Filter.Exists("year", false))))),
                        "novel",
                        "essay",
                        "memo",
                        "blank"),
                of("empty $and", new Filter.And(List.of()), "novel", "manual", "essay", "memo", "blank"),
                of("empty $or", new Filter.Or(List.of())),
                of("no filter", Filter.ALL, "novel", "manual", "essay", "memo", "blank"));
    }

    private static Arguments of(String name, Filter filter, String... documents) {
        return Arguments.of(name, filter, Set.of(documents));
    }

    private static Filter eq(String field, MetadataValue value) {
        return compare(field, Operator.EQ, value);
    }

    private static Filter compare(String field, Operator operator, MetadataValue value) {
        return new Filter.Compare(field, operator, value);
    }

    private static Filter in(String field, boolean negated, MetadataValue... values) {
        return new Filter.In(field, List.of(values), negated);
    }

    private static Chunk chunk(String documentId, Map<String, MetadataValue> metadata, float... vector) {
        float[] direction = vector.length == 0 ? new float[] {1, 1, 0, 0} : vector;
        return new Chunk(documentId + "#0", documentId, 0, "the " + documentId, direction, metadata);
    }
}
