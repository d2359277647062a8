package dev.ragservice.conformance.vector;

import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random metadata and random filters over a few shared fields and values, so that filters often meet values of
 * another kind ({@code "5"} and {@code 5}, {@code "true"} and {@code true}), lists, and absent fields: where
 * translations of filters usually go wrong.
 *
 * <p>{@link #PORTABLE} stays within what every store accepts (Pinecone's limits included): no texts of many
 * kilobytes, and no {@code -0.0}, which stores that compare numbers as IEEE doubles treat as equal to
 * {@code 0.0}. A store's own tests may draw from wider value pools.
 */
public final class RandomMetadata {

    private static final List<String> FIELDS = List.of("a", "b", "c", "d");

    /** Values every store accepts; the conformance kit uses these. */
    public static final RandomMetadata PORTABLE =
            new RandomMetadata(List.of("5", "true", "x", "y", "", "X"), List.of(-1.0, 0.0, 1.0, 2.5, 5.0, 1e300));

    private final List<String> texts;
    private final List<Double> numbers;

    /** Metadata and filters drawing texts and numbers from these pools. */
    public RandomMetadata(List<String> texts, List<Double> numbers) {
        this.texts = List.copyOf(texts);
        this.numbers = List.copyOf(numbers);
    }

    public Map<String, MetadataValue> metadata(Random random) {
        Map<String, MetadataValue> metadata = new HashMap<>();
        for (String field : FIELDS) {
            if (random.nextInt(10) < 7) {
                metadata.put(
                        field,
                        switch (random.nextInt(4)) {
                            case 0 -> MetadataValue.of(pick(random, texts));
                            case 1 -> MetadataValue.of(pick(random, numbers));
                            case 2 -> MetadataValue.of(random.nextBoolean());
                            default -> {
                                List<String> values = new ArrayList<>();
                                for (int i = random.nextInt(4); i > 0; i--) {
                                    values.add(pick(random, texts));
                                }
                                yield MetadataValue.of(values);
                            }
                        });
            }
        }
        return metadata;
    }

    /** A filter of every operator, nested up to {@code depth} levels of $and / $or. */
    public Filter filter(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 7 : 5);
        String field = random.nextInt(8) == 0 ? "missing" : pick(random, FIELDS);
        return switch (kind) {
            case 0 ->
                new Filter.Compare(
                        field, random.nextBoolean() ? Filter.Operator.EQ : Filter.Operator.NE, value(random));
            case 1 ->
                new Filter.Compare(
                        field,
                        pick(
                                random,
                                List.of(
                                        Filter.Operator.GT,
                                        Filter.Operator.GTE,
                                        Filter.Operator.LT,
                                        Filter.Operator.LTE)),
                        MetadataValue.of(pick(random, numbers)));
            case 2 -> {
                List<MetadataValue> values = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    values.add(value(random));
                }
                yield new Filter.In(field, values, random.nextBoolean());
            }
            case 3 -> new Filter.Exists(field, random.nextBoolean());
            case 4 ->
                random.nextInt(4) == 0 ? Filter.ALL : new Filter.Compare(field, Filter.Operator.EQ, value(random));
            default -> {
                List<Filter> children = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    children.add(filter(random, depth - 1));
                }
                yield kind == 5 ? new Filter.And(children) : new Filter.Or(children);
            }
        };
    }

    private MetadataValue value(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> MetadataValue.of(pick(random, texts));
            case 1 -> MetadataValue.of(pick(random, numbers));
            default -> MetadataValue.of(random.nextBoolean());
        };
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
