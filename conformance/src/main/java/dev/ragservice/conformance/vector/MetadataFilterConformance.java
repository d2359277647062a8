package dev.ragservice.conformance.vector;

import static dev.ragservice.conformance.vector.Fixtures.NS;
import static dev.ragservice.conformance.vector.Fixtures.chunk;
import static dev.ragservice.conformance.vector.Fixtures.deadline;
import static dev.ragservice.conformance.vector.Fixtures.eq;
import static dev.ragservice.conformance.vector.Fixtures.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ragservice.ports.vector.Capability;
import dev.ragservice.ports.vector.Chunk;
import dev.ragservice.ports.vector.Filter;
import dev.ragservice.ports.vector.MetadataValue;
import dev.ragservice.ports.vector.SearchHit;
import dev.ragservice.ports.vector.VectorQuery;
import dev.ragservice.ports.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector-store kit's tier for {@link Capability#METADATA_FILTER}: every filter selects exactly what the
 * reference {@link Filter#matches} selects, on fixed cases for every operator and on seeded random filters over
 * random metadata; values of different kinds never meet; and filters apply before k is counted.
 */
public interface MetadataFilterConformance extends VectorStoreConformance {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ragservice.conformance.vector.FilterCases#cases")
    default void eachOperatorSelectsWhatTheReferenceSelects(
            String name, Filter filter, Set<String> expected, VectorStore store) {
        Set<String> reference = FilterCases.LIBRARY.stream()
                .filter(chunk -> filter.matches(chunk.metadata()))
                .map(Chunk::documentId)
                .collect(Collectors.toSet());
        assertThat(reference).as("the kit's own expectation for %s", name).isEqualTo(expected);
        store.upsert(NS, FilterCases.LIBRARY, deadline());

        List<SearchHit> hits = store.search(new VectorQuery(NS, new float[] {1, 1, 1, 1}, 100, filter), deadline());

        assertThat(hits)
                .extracting(SearchHit::documentId)
                .as("%s: %s", name, filter)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    default void valuesOfDifferentKindsNeverMeet(VectorStore store) {
        store.upsert(
                NS,
                List.of(
                        chunk("text5", 0, "t", Map.of("v", MetadataValue.of("5")), 1, 0, 0, 0),
                        chunk("number5", 0, "t", Map.of("v", MetadataValue.of(5)), 1, 0, 0, 0),
                        chunk("textTrue", 0, "t", Map.of("v", MetadataValue.of("true")), 1, 0, 0, 0),
                        chunk("boolTrue", 0, "t", Map.of("v", MetadataValue.of(true)), 1, 0, 0, 0),
                        chunk("list", 0, "t", Map.of("v", MetadataValue.of(List.of("5", "true"))), 1, 0, 0, 0),
                        chunk("none", 0, "t", Map.of(), 1, 0, 0, 0)),
                deadline());

        assertThat(select(store, eq("v", MetadataValue.of(5)))).containsExactly("number5");
        assertThat(select(store, eq("v", MetadataValue.of("5")))).containsExactly("list", "text5");
        assertThat(select(store, eq("v", MetadataValue.of(true)))).containsExactly("boolTrue");
        assertThat(select(store, eq("v", MetadataValue.of("true")))).containsExactly("list", "textTrue");
        assertThat(select(store, new Filter.Compare("v", Filter.Operator.NE, MetadataValue.of(5))))
                .containsExactly("boolTrue", "list", "none", "text5", "textTrue");
        assertThat(select(store, new Filter.Compare("v", Filter.Operator.GTE, MetadataValue.of(0))))
                .containsExactly("number5");
        assertThat(select(store, new Filter.In("v", List.of(MetadataValue.of(5), MetadataValue.of(true)), true)))
                .containsExactly("list", "none", "text5", "textTrue");
        assertThat(select(store, new Filter.In("v", List.of(MetadataValue.of("5")), false)))
                .containsExactly("list", "text5");
        assertThat(select(store, new Filter.Exists("v", false))).containsExactly("none");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    default void randomFiltersSelectExactlyWhatTheReferenceSelects(long seed, VectorStore store) {
        Random corpusRandom = new Random(20240611);
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            chunks.add(new Chunk(
                    "doc" + i + "#0",
                    "doc" + i,
                    0,
                    "words " + i,
                    new float[] {1 + corpusRandom.nextFloat(), corpusRandom.nextFloat(), corpusRandom.nextFloat(), 0.5f
                    },
                    RandomMetadata.PORTABLE.metadata(corpusRandom)));
        }
        chunks.add(new Chunk("bare#0", "bare", 0, "no metadata", new float[] {1, 1, 1, 1}, Map.of()));
        if (store.capabilities().contains(Capability.NAMESPACES)) {
            // Another namespace holds the same values: no filter may reach it.
            store.upsert("elsewhere", chunks.subList(0, 50), deadline());
        }
        store.upsert(NS, chunks, deadline());

        Random random = new Random(seed);
        int partial = 0;
        for (int i = 0; i < 100; i++) {
            Filter filter = RandomMetadata.PORTABLE.filter(random, 3);
            Set<String> expected = chunks.stream()
                    .filter(chunk -> filter.matches(chunk.metadata()))
                    .map(Chunk::id)
                    .collect(Collectors.toCollection(TreeSet::new));

            Set<String> selected = store
                    .search(
                            new VectorQuery(NS, new float[] {1, 0.5f, 0.5f, 0.5f}, chunks.size() + 1, filter),
                            deadline())
                    .stream()
                    .map(SearchHit::chunkId)
                    .collect(Collectors.toCollection(TreeSet::new));

            assertThat(selected).as("seed %d, filter %d: %s", seed, i, filter).isEqualTo(expected);
            if (!expected.isEmpty() && expected.size() < chunks.size()) {
                partial++;
            }
        }
        // Filters that select all or nothing prove little: most of them must split the chunks.
        assertThat(partial).isGreaterThan(40);
    }

    @Test
    default void filtersAreAppliedBeforeKIsCounted(VectorStore store) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // The wanted ones point away from the query: a post-filter over the top k would find none.
            boolean wanted = i % 10 == 0;
            chunks.add(
                    chunk("doc" + i, 0, "text", Map.of("wanted", MetadataValue.of(wanted)), wanted ? -1 : 1, i, 0, 0));
        }
        store.upsert(NS, chunks, deadline());

        List<SearchHit> hits = store.search(
                new VectorQuery(NS, new float[] {1, 0, 0, 0}, 3, eq("wanted", MetadataValue.of(true))), deadline());

        assertThat(hits)
                .hasSize(3)
                .allSatisfy(hit -> assertThat(hit.metadata().get("wanted")).isEqualTo(MetadataValue.of(true)));
    }
}
